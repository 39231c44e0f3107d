package dev.webserv.parser;

import java.util.ArrayDeque;

/**
 * The head arrays of one event loop's parsers: a parser borrows one on a request's first
 * byte and gives it back once the head is parsed, so an idle connection holds none and
 * the common case (a whole head in one read) reuses the same array, with the head it
 * remembers, across all the loop's connections. Holds at most {@link #KEPT} spare arrays;
 * past that a returned one is left to the collector. Not thread-safe: one loop's thread.
 */
public final class HeadBuffers {

	/** Spare arrays kept; more are only needed while many heads arrive in pieces. */
	static final int KEPT = 8;

	private final ArrayDeque<HeadBytes> spare = new ArrayDeque<>(KEPT);

	private final StringCache strings;

	/**
	 * @param strings the loop's cache the parsers take their Strings from
	 */
	public HeadBuffers(StringCache strings) {
		this.strings = strings;
	}

	StringCache strings() {
		return strings;
	}

	/** An array for heads up to {@code capacityLimit} bytes. */
	HeadBytes take(int capacityLimit) {
		HeadBytes bytes = spare.pollFirst();
		if (bytes != null && bytes.capacityLimit() == capacityLimit) {
			return bytes;
		}
		return new HeadBytes(capacityLimit);
	}

	/** Returns an array taken earlier, reset. */
	void give(HeadBytes bytes) {
		bytes.reset();
		if (spare.size() < KEPT) {
			spare.addFirst(bytes);
		}
	}

}
