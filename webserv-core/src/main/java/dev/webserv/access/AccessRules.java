package dev.webserv.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's {@code allow} and {@code deny}: rules tried in order, the first that matches
 * the client decides; when none matches, the request is allowed (as in nginx, so a list
 * ends with {@code deny all} to refuse everyone else).
 */
public final class AccessRules {

	/** No rules: everyone allowed. */
	public static final AccessRules NONE = new AccessRules(List.of());

	private final List<Rule> rules;

	private AccessRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * Parses rules written as nginx writes them: {@code "allow 10.0.0.0/8"},
	 * {@code "deny 2001:db8::/32"}, {@code "deny all"}.
	 * @param setting the setting's name, for the message of a rule that does not parse
	 */
	public static AccessRules parse(List<String> lines, String setting) {
		if (lines.isEmpty()) {
			return NONE;
		}
		List<Rule> rules = new ArrayList<>();
		for (String line : lines) {
			rules.add(rule(line, setting));
		}
		return new AccessRules(List.copyOf(rules));
	}

	private static Rule rule(String line, String setting) {
		String[] words = line == null ? new String[0] : line.trim().split("\\s+");
		if (words.length != 2 || !(words[0].equals("allow") || words[0].equals("deny"))) {
			throw new IllegalArgumentException(setting + ": '" + line
					+ "' is not a rule ('allow <cidr>', 'deny <cidr>', 'allow all', 'deny all')");
		}
		boolean allow = words[0].equals("allow");
		if (words[1].equals("all")) {
			return new Rule(allow, null);
		}
		try {
			return new Rule(allow, Cidr.parse(words[1]));
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
		for (Rule rule : rules) {
			if (rule.block == null || rule.block.contains(client)) {
				return rule.allow;
			}
		}
		return true;
	}

	private record Rule(boolean allow, Cidr block) {
	}

}
