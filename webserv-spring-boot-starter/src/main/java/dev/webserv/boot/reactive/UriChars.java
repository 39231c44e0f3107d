package dev.webserv.boot.reactive;

/**
 * Whether {@code java.net.URI} is sure to accept {@code scheme://authority} followed by
 * an origin-form target, checked in one pass so the URI itself can be built later, or
 * never (routing needs only the path). Anything outside the plain characters below is
 * left to the URI parser itself, at once, so a target it refuses is still a 400.
 */
final class UriChars {

	/** Path characters (RFC 2396 pchar, '/' and ';', '%' checked apart). */
	private static final boolean[] PATH = allowed("-_.!~*'();:@&=+$,/");

	/** Query characters: the path's and '?'. */
	private static final boolean[] QUERY = allowed("-_.!~*'();:@&=+$,/?");

	/**
	 * Host name, IPv4 address and port characters: always a valid authority (a registry
	 * name if not a server one).
	 */
	private static final boolean[] AUTHORITY = allowed("-.:");

	private UriChars() {
	}

	static boolean safe(String target, String authority) {
		return target.startsWith("/") && plain(authority) && plainTarget(target);
	}

	private static boolean plain(String authority) {
		for (int i = 0; i < authority.length(); i++) {
			char c = authority.charAt(i);
			if (c >= 128 || !AUTHORITY[c]) {
				return false;
			}
		}
		return true;
	}

	private static boolean plainTarget(String target) {
		boolean[] allowed = PATH;
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c == '?') {
				allowed = QUERY;
			}
			else if (c == '%') {
				if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
					return false;
				}
				i += 2;
			}
			else if (c >= 128 || !allowed[c]) {
				return false;
			}
		}
		return true;
	}

	private static boolean hex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean[] allowed(String punctuation) {
		boolean[] allowed = new boolean[128];
		for (char c = '0'; c <= '9'; c++) {
			allowed[c] = true;
		}
		for (char c = 'a'; c <= 'z'; c++) {
			allowed[c] = true;
			allowed[Character.toUpperCase(c)] = true;
		}
		for (char c : punctuation.toCharArray()) {
			allowed[c] = true;
		}
		return allowed;
	}

}
