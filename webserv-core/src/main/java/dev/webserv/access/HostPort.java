package dev.webserv.access;

import java.util.Locale;

import dev.webserv.config.Cidr;

/** The syntax of a forwarded {@code host[:port]}: a reg-name or [IPv6], then a port. */
final class HostPort {

	private HostPort() {
	}

	/** {lower-cased host, port or null}, or null when it is not a host. */
	static String[] split(String value) {
		String text = value.trim();
		int end;
		if (text.startsWith("[")) {
			end = text.indexOf(']') + 1;
			if (end == 0 || Cidr.literal(text.substring(0, end)) == null) {
				return null;
			}
		}
		else {
			end = text.indexOf(':') < 0 ? text.length() : text.indexOf(':');
			if (end == 0 || !text.substring(0, end).chars().allMatch(HostPort::isRegNameChar)) {
				return null;
			}
		}
		if (end == text.length()) {
			return new String[] { text.toLowerCase(Locale.ROOT), null };
		}
		if (!isPortAfterColon(text, end)) {
			return null;
		}
		return new String[] { text.substring(0, end).toLowerCase(Locale.ROOT), text.substring(end + 1) };
	}

	/** Whether text from {@code colon} is ':' and a port 1-65535. */
	static boolean isPortAfterColon(String text, int colon) {
		return text.charAt(colon) == ':' && isPort(text.substring(colon + 1));
	}

	/**
	 * Digits only, as RFC 3986 writes a port: " 80" is no port (nor a number to parse).
	 */
	static boolean isPort(String port) {
		if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return false;
		}
		int number = Integer.parseInt(port);
		return number >= 1 && number <= 65535;
	}

	private static boolean isRegNameChar(int c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
				|| c == '~';
	}

}
