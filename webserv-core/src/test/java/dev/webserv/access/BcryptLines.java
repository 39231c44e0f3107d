package dev.webserv.access;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Makes bcrypt hashes for tests, as {@code htpasswd -B} writes them. */
final class BcryptLines {

	private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private BcryptLines() {
	}

	static String hash(String password, int cost) {
		byte[] salt = new byte[16];
		new SecureRandom().nextBytes(salt);
		byte[] result = Bcrypt.hash(password.getBytes(StandardCharsets.UTF_8), salt, cost);
		return String.format("$2y$%02d$", cost) + encode(salt) + encode(result);
	}

	private static String encode(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 6) {
				bits -= 6;
				out.append(ALPHABET.charAt((buffer >>> bits) & 0x3f));
			}
		}
		if (bits > 0) {
			out.append(ALPHABET.charAt((buffer << (6 - bits)) & 0x3f));
		}
		return out.toString();
	}

}
