package dev.webserv.config;

/**
 * nginx's {@code expires}: {@code 1h}, {@code 30d}, {@code 1h 30m}, {@code -1} (seconds,
 * units s m h d w M y), {@code max} or {@code epoch}; {@code off} is none (null).
 *
 * @param kind a time from now, or nginx's fixed max or epoch
 * @param seconds the time from now (negative: in the past) for {@link Kind#SECONDS}
 */
public record Expires(Kind kind, long seconds) {

	/** What the value says. */
	public enum Kind {

		SECONDS, MAX, EPOCH

	}

	/**
	 * Parses a value; null for {@code off}, blank or null.
	 * @throws IllegalArgumentException naming the value when it does not parse
	 */
	public static Expires parse(String value) {
		if (value == null || value.isBlank() || value.trim().equals("off")) {
			return null;
		}
		String text = value.trim();
		if (text.equals("max")) {
			return new Expires(Kind.MAX, 0);
		}
		if (text.equals("epoch")) {
			return new Expires(Kind.EPOCH, 0);
		}
		return new Expires(Kind.SECONDS, seconds(text, value));
	}

	/** "-1h 30m": an optional sign, then numbers each with a unit (s when none). */
	private static long seconds(String text, String value) {
		boolean negative = text.startsWith("-");
		String rest = negative ? text.substring(1) : text;
		if (rest.isEmpty()) {
			throw bad(value);
		}
		long total = 0;
		int at = 0;
		while (at < rest.length()) {
			int start = at;
			while (at < rest.length() && Character.isDigit(rest.charAt(at))) {
				at++;
			}
			if (at == start || at - start > 9) {
				throw bad(value);
			}
			long number = Long.parseLong(rest.substring(start, at));
			long unit = at < rest.length() ? unit(rest.charAt(at++), value) : 1;
			total += number * unit;
			while (at < rest.length() && rest.charAt(at) == ' ') {
				at++;
			}
		}
		return negative ? -total : total;
	}

	private static long unit(char unit, String value) {
		return switch (unit) {
			case 's' -> 1;
			case 'm' -> 60;
			case 'h' -> 3600;
			case 'd' -> 86_400;
			case 'w' -> 604_800;
			case 'M' -> 2_592_000;
			case 'y' -> 31_536_000;
			default -> throw bad(value);
		};
	}

	private static IllegalArgumentException bad(String value) {
		return new IllegalArgumentException("expires: '" + value
				+ "' is not a time ('1h', '30d', '1h 30m', '-1'), 'max', 'epoch' or 'off' ('modified' and '@' are not supported)");
	}

}
