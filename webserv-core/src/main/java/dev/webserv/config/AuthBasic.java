package dev.webserv.config;

import java.nio.file.Path;

/**
 * nginx's {@code auth_basic "realm"} with {@code auth_basic_user_file}: HTTP Basic
 * authentication against an htpasswd file.
 */
public record AuthBasic(String realm, Path userFile) {

	public AuthBasic {
		if (realm == null || realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
			throw new IllegalArgumentException("auth-basic: realm must be printable text: '" + realm + "'");
		}
		if (userFile == null) {
			throw new IllegalArgumentException("auth-basic: a user file is needed (auth_basic_user_file)");
		}
	}

}
