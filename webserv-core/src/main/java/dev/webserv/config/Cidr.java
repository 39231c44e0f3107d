package dev.webserv.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block, as nginx's {@code allow}/{@code set_real_ip_from} write it:
 * {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address ({@code ::1}, a /32 or
 * /128). Parsing never looks a name up: anything but an address literal is refused. An
 * IPv4-mapped IPv6 peer ({@code ::ffff:10.1.2.3}) matches the IPv4 block.
 */
public final class Cidr {

	private final byte[] network;

	private final int prefix;

	private final String text;

	private Cidr(byte[] network, int prefix, String text) {
		this.network = network;
		this.prefix = prefix;
		this.text = text;
	}

	/**
	 * Parses a block; bits past the prefix are ignored, as nginx does.
	 * @throws IllegalArgumentException naming the value when it does not parse
	 */
	public static Cidr parse(String value) {
		String text = value == null ? "" : value.trim();
		int slash = text.indexOf('/');
		String address = slash < 0 ? text : text.substring(0, slash);
		byte[] bytes = literal(address);
		if (bytes == null) {
			throw new IllegalArgumentException("not an IP address or CIDR block: '" + value + "'");
		}
		int prefix = bytes.length * 8;
		if (slash >= 0) {
			prefix = prefixLength(text.substring(slash + 1), bytes.length * 8, value);
		}
		return new Cidr(bytes, prefix, text);
	}

	private static int prefixLength(String digits, int max, String value) {
		if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("bad prefix length in '" + value + "'");
		}
		int prefix = Integer.parseInt(digits);
		if (prefix > max) {
			throw new IllegalArgumentException("prefix length over " + max + " in '" + value + "'");
		}
		return prefix;
	}

	/**
	 * The bytes of an IPv4 or IPv6 literal (brackets allowed around IPv6), or null. IPv4
	 * has four decimal parts; IPv6 goes to the JDK only once it has a colon and nothing
	 * but hex digits, colons and dots, so no name is ever resolved.
	 */
	public static byte[] literal(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		if (text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
			text = text.substring(1, text.length() - 1);
		}
		if (text.indexOf(':') < 0) {
			return ipv4(text);
		}
		if (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
			return null;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return null;
			}
		}
		try {
			InetAddress address = InetAddress.getByName(text);
			return address instanceof Inet6Address ? address.getAddress() : ipv4Mapped(address.getAddress());
		}
		catch (UnknownHostException e) {
			return null;
		}
	}

	private static byte[] ipv4Mapped(byte[] ipv4) {
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		System.arraycopy(ipv4, 0, mapped, 12, 4);
		return mapped;
	}

	private static byte[] ipv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			String part = parts[i];
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
				return null;
			}
			int value = Integer.parseInt(part);
			if (value > 255) {
				return null;
			}
			bytes[i] = (byte) value;
		}
		return bytes;
	}

	/** Whether the address is in this block. */
	public boolean contains(InetAddress address) {
		return address != null && contains(address.getAddress());
	}

	/** Whether the address bytes (4 or 16) are in this block. */
	public boolean contains(byte[] address) {
		if (address.length == 16 && network.length == 4 && isIpv4Mapped(address)) {
			return matches(address, 12);
		}
		return address.length == network.length && matches(address, 0);
	}

	private boolean matches(byte[] address, int offset) {
		int whole = prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (address[offset + i] != network[i]) {
				return false;
			}
		}
		int rest = prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (address[offset + whole] & mask) == (network[whole] & mask);
	}

	private static boolean isIpv4Mapped(byte[] address) {
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return false;
			}
		}
		return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
	}

	/**
	 * An IPv4 or IPv6 literal (brackets allowed) as an address, or null when it is not
	 * one; never a lookup.
	 */
	public static InetAddress address(String literal) {
		byte[] bytes = literal(literal);
		if (bytes == null) {
			return null;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException e) {
			return null;
		}
	}

	@Override
	public String toString() {
		return text;
	}

}
