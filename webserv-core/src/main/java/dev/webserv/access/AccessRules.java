package dev.webserv.access;

import java.net.InetAddress;
import java.util.List;

import dev.webserv.config.AccessRule;

/**
 * nginx's {@code allow} and {@code deny}: rules tried in order, the first that matches
 * the client decides; when none matches, the request is allowed (as in nginx, so a list
 * ends with {@code deny all} to refuse everyone else).
 */
public final class AccessRules {

	/** No rules: everyone allowed. */
	public static final AccessRules NONE = new AccessRules(List.of());

	private final List<AccessRule> rules;

	private AccessRules(List<AccessRule> rules) {
		this.rules = rules;
	}

	/**
	 * Parses rules ({@code "allow 10.0.0.0/8"}, {@code "deny all"}).
	 * @param setting the setting's name, for the message of a rule that does not parse
	 */
	public static AccessRules parse(List<String> lines, String setting) {
		if (lines.isEmpty()) {
			return NONE;
		}
		try {
			return new AccessRules(lines.stream().map(AccessRule::parse).toList());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
		}
	}

	public boolean isEmpty() {
		return rules.isEmpty();
	}

	/** Whether the first rule that matches allows this client (true when none does). */
	public boolean allows(InetAddress client) {
		for (AccessRule rule : rules) {
			if (rule.matches(client)) {
				return rule.allow();
			}
		}
		return true;
	}

}
