package dev.webserv.proxyprotocol;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import dev.webserv.proxyprotocol.ProxyHeaderException.Reason;

/**
 * Decodes a complete v1 line (without its CRLF): "PROXY TCP4|TCP6 source destination
 * source-port destination-port", fields separated by exactly one space, or "PROXY
 * UNKNOWN" followed by anything.
 */
final class TextHeader {

	private static final int FIELDS = 6;

	private TextHeader() {
	}

	static ProxyHeader parse(byte[] line, int length) {
		String[] fields = new String(line, 0, length, StandardCharsets.US_ASCII).split(" ", -1);
		String protocol = fields[1];
		if (protocol.isEmpty()) {
			throw badLine();
		}
		if (protocol.equals("UNKNOWN")) {
			return ProxyHeader.local(1);
		}
		boolean ipv4 = protocol.equals("TCP4");
		if (!ipv4 && !protocol.equals("TCP6")) {
			throw new ProxyHeaderException(Reason.UNSUPPORTED_FAMILY,
					"PROXY line protocol is not TCP4, TCP6 or UNKNOWN");
		}
		if (fields.length != FIELDS) {
			throw badLine();
		}
		byte[] source = ipv4 ? ipv4(fields[2]) : ipv6(fields[2]);
		byte[] destination = ipv4 ? ipv4(fields[3]) : ipv6(fields[3]);
		return new ProxyHeader(1, new InetSocketAddress(ProxyHeaderDecoder.address(source), port(fields[4])),
				new InetSocketAddress(ProxyHeaderDecoder.address(destination), port(fields[5])));
	}

	/** A decimal 0-65535 without leading zeros. */
	private static int port(String text) {
		if (!decimal(text, 5)) {
			throw new ProxyHeaderException(Reason.BAD_PORT, "PROXY line port is not a decimal 0-65535");
		}
		int port = Integer.parseInt(text);
		if (port > 65535) {
			throw new ProxyHeaderException(Reason.BAD_PORT, "PROXY line port is not a decimal 0-65535");
		}
		return port;
	}

	/** Four decimals 0-255 without leading zeros, separated by single dots. */
	static byte[] ipv4(String text) {
		byte[] address = ipv4OrNull(text);
		if (address == null) {
			throw badAddress();
		}
		return address;
	}

	private static byte[] ipv4OrNull(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] address = new byte[4];
		for (int i = 0; i < 4; i++) {
			if (!decimal(parts[i], 3) || Integer.parseInt(parts[i]) > 255) {
				return null;
			}
			address[i] = (byte) Integer.parseInt(parts[i]);
		}
		return address;
	}

	/**
	 * Groups of 1-4 hex digits separated by colons, at most one "::" for a run of zero
	 * groups, optionally ending in dotted IPv4; 128 bits exactly.
	 */
	static byte[] ipv6(String text) {
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			throw badAddress();
		}
		byte[] address = new byte[16];
		if (gap < 0) {
			if (groups(text, address, true) != 16) {
				throw badAddress();
			}
			return address;
		}
		byte[] tail = new byte[16];
		int headBytes = gap == 0 ? 0 : groups(text.substring(0, gap), address, false);
		String after = text.substring(gap + 2);
		int tailBytes = after.isEmpty() ? 0 : groups(after, tail, true);
		if (headBytes + tailBytes > 14) {
			throw badAddress(); // "::" stands for one zero group at least
		}
		System.arraycopy(tail, 0, address, 16 - tailBytes, tailBytes);
		return address;
	}

	/**
	 * Writes the groups of a non-empty part into address from its start; the bytes
	 * written. Only the address's last part may end in dotted IPv4.
	 */
	private static int groups(String part, byte[] address, boolean last) {
		String[] groups = part.split(":", -1);
		int at = 0;
		for (int i = 0; i < groups.length; i++) {
			String group = groups[i];
			if (last && i == groups.length - 1 && group.indexOf('.') >= 0) {
				byte[] ipv4 = ipv4OrNull(group);
				if (ipv4 == null || at + 4 > address.length) {
					throw badAddress();
				}
				System.arraycopy(ipv4, 0, address, at, 4);
				return at + 4;
			}
			if (!hex(group) || at + 2 > address.length) {
				throw badAddress();
			}
			int value = Integer.parseInt(group, 16);
			address[at++] = (byte) (value >> 8);
			address[at++] = (byte) value;
		}
		return at;
	}

	private static boolean decimal(String text, int maxDigits) {
		if (text.isEmpty() || text.length() > maxDigits || (text.length() > 1 && text.charAt(0) == '0')) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean hex(String group) {
		if (group.isEmpty() || group.length() > 4) {
			return false;
		}
		for (int i = 0; i < group.length(); i++) {
			if (Character.digit(group.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

	private static ProxyHeaderException badLine() {
		return new ProxyHeaderException(Reason.BAD_LINE,
				"PROXY line is not PROXY protocol source destination source-port destination-port");
	}

	private static ProxyHeaderException badAddress() {
		return new ProxyHeaderException(Reason.BAD_ADDRESS, "PROXY line address is not in canonical form");
	}

}
