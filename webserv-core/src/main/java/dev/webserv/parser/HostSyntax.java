package dev.webserv.parser;

import java.util.Locale;

/**
 * Validates {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2, RFC 9110 §7.2) for the Host
 * field and for the authority of an absolute-form target. A host is a reg-name (which
 * covers IPv4 literals) or a bracketed IPv6 literal. Stricter than the grammar where it
 * buys safety: an empty host, an empty port, a port above 65535, IPvFuture literals and
 * IPv6 zone ids are refused.
 */
final class HostSyntax {

	private static final int MAX_PORT = 65535;

	private HostSyntax() {
	}

	/**
	 * The host part, lower-cased, without the port (an IPv6 literal keeps its brackets).
	 * @throws BadRequestException with the given rejection when the value is not a valid
	 * host[:port]
	 */
	static String hostOf(String value, Rejection rejection) {
		int hostEnd = hostEnd(value);
		if (hostEnd <= 0) {
			throw new BadRequestException(rejection, "not a valid host");
		}
		if (hostEnd < value.length() && (value.charAt(hostEnd) != ':' || !isPort(value, hostEnd + 1))) {
			throw new BadRequestException(rejection, "not a valid port");
		}
		return value.substring(0, hostEnd).toLowerCase(Locale.ROOT);
	}

	/** The index just after the host, or -1 if there is no valid host. */
	private static int hostEnd(String value) {
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			return close > 0 && isIpv6(value, 1, close) ? close + 1 : -1;
		}
		int end = value.indexOf(':');
		end = end < 0 ? value.length() : end;
		return isRegName(value, end) ? end : -1;
	}

	/**
	 * reg-name = *( unreserved / pct-encoded / sub-delims ), here at least one character.
	 */
	private static boolean isRegName(String value, int end) {
		if (end == 0) {
			return false;
		}
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			if (c == '%') {
				if (i + 2 >= end || Chars.hexValue(value.charAt(i + 1)) < 0
						|| Chars.hexValue(value.charAt(i + 2)) < 0) {
					return false;
				}
				i += 2;
			}
			else if (!isUnreservedOrSubDelim(c)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isUnreservedOrSubDelim(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Chars.isDigit(c)
				|| "-._~!$&'()*+,;=".indexOf(c) >= 0;
	}

	private static boolean isPort(String value, int from) {
		int digits = value.length() - from;
		if (digits < 1 || digits > 5) {
			return false;
		}
		int port = 0;
		for (int i = from; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!Chars.isDigit(c)) {
				return false;
			}
			port = port * 10 + (c - '0');
		}
		return port <= MAX_PORT;
	}

	/**
	 * IPv6address (RFC 3986 §3.2.2): eight 16-bit groups, one "::" standing for one or
	 * more of them.
	 */
	static boolean isIpv6(String s, int from, int to) {
		int groups = 0;
		boolean compressed = false;
		int i = from;
		if (s.startsWith("::", i)) {
			compressed = true;
			i += 2;
		}
		while (i < to) {
			int start = i;
			while (i < to && Chars.hexValue(s.charAt(i)) >= 0) {
				i++;
			}
			if (i < to && s.charAt(i) == '.') {
				// a trailing dotted IPv4 stands for the last two groups
				if (!isIpv4(s, start, to)) {
					return false;
				}
				groups += 2;
				break;
			}
			if (i == start || i - start > 4) {
				return false;
			}
			groups++;
			if (i == to) {
				break;
			}
			if (s.charAt(i) != ':' || i + 1 == to) {
				return false;
			}
			i++;
			if (s.charAt(i) == ':') {
				if (compressed) {
					return false;
				}
				compressed = true;
				i++;
			}
		}
		return compressed ? groups <= 7 : groups == 8;
	}

	/** IPv4address: four dec-octets (0-255, no leading zeros). */
	static boolean isIpv4(String s, int from, int to) {
		int octets = 0;
		int i = from;
		while (octets < 4) {
			int start = i;
			int value = 0;
			while (i < to && Chars.isDigit(s.charAt(i)) && i - start < 3) {
				value = value * 10 + (s.charAt(i) - '0');
				i++;
			}
			int length = i - start;
			if (length == 0 || value > 255 || (length > 1 && s.charAt(start) == '0')) {
				return false;
			}
			octets++;
			if (octets < 4) {
				if (i >= to || s.charAt(i) != '.') {
					return false;
				}
				i++;
			}
		}
		return i == to;
	}

}
