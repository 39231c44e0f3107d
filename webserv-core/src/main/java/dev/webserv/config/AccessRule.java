package dev.webserv.config;

import java.net.InetAddress;

/**
 * One of nginx's {@code allow}/{@code deny} rules, written as nginx writes them:
 * {@code "allow 10.0.0.0/8"}, {@code "deny 2001:db8::/32"}, {@code "deny all"}.
 *
 * @param allow whether a match allows (else denies)
 * @param block the addresses it matches; null for {@code all}
 */
public record AccessRule(boolean allow, Cidr block) {

	/**
	 * Parses a rule.
	 * @throws IllegalArgumentException naming the rule when it does not parse
	 */
	public static AccessRule parse(String line) {
		String[] words = line == null ? new String[0] : line.trim().split("\\s+");
		if (words.length != 2 || !(words[0].equals("allow") || words[0].equals("deny"))) {
			throw new IllegalArgumentException(
					"'" + line + "' is not a rule ('allow <cidr>', 'deny <cidr>', 'allow all', 'deny all')");
		}
		boolean allow = words[0].equals("allow");
		return new AccessRule(allow, words[1].equals("all") ? null : Cidr.parse(words[1]));
	}

	/** Whether this rule is about the client. */
	public boolean matches(InetAddress client) {
		return block == null || block.contains(client);
	}

	/** Checks every rule of a list, naming the setting in the failure. */
	static void check(String setting, Iterable<String> rules) {
		for (String rule : rules) {
			try {
				parse(rule);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
			}
		}
	}

}
