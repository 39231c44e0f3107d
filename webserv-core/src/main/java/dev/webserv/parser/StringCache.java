package dev.webserv.parser;

import java.nio.charset.StandardCharsets;

/**
 * Reuses the Strings of recent request heads: a client on a keep-alive connection sends
 * the same field names and mostly the same values each time, so looking a value up by its
 * bytes is cheaper than copying it again. A small direct-mapped table; a miss just makes
 * the String. Owned by one event loop (not thread-safe, and need not be: the Strings it
 * returns are immutable).
 */
public final class StringCache {

	private static final int SLOTS = 512;

	private static final int MAX_LENGTH = 256;

	private final String[] entries = new String[SLOTS];

	private String lastHostValue;

	private String lastHost;

	/** The Latin-1 String of bytes[from, to). */
	public String latin1(byte[] bytes, int from, int to) {
		int length = to - from;
		if (length > MAX_LENGTH) {
			return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
		}
		int hash = length;
		for (int i = from; i < to; i++) {
			hash = 31 * hash + bytes[i];
		}
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		String cached = entries[slot];
		if (cached != null && matches(cached, bytes, from, length)) {
			return cached;
		}
		String made = new String(bytes, from, length, StandardCharsets.ISO_8859_1);
		entries[slot] = made;
		return made;
	}

	private static boolean matches(String cached, byte[] bytes, int from, int length) {
		if (cached.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (cached.charAt(i) != (bytes[from + i] & 0xFF)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The host of a Host value, remembered for the value last seen (the same String when
	 * cached).
	 */
	String host(String value, Rejection rejection) {
		if (value != lastHostValue) {
			lastHost = HostSyntax.hostOf(value, rejection);
			lastHostValue = value;
		}
		return lastHost;
	}

}
