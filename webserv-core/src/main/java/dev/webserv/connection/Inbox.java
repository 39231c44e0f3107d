package dev.webserv.connection;

import java.nio.ByteBuffer;

import dev.webserv.parser.RequestHead;
import dev.webserv.parser.RequestParser;

/**
 * A connection's input not taken yet: the parser's partial head, and the bytes held back
 * while the connection cannot take them (a handler running, output past its bound), in a
 * buffer of their own since the loop's read buffer is shared. Loop thread only.
 */
final class Inbox {

	/** Bytes held past which reading pauses. */
	static final int MAX_HELD = 64 * 1024;

	private final RequestParser parser;

	private ByteBuffer held;

	Inbox(RequestParser parser) {
		this.parser = parser;
	}

	/**
	 * Parses from {@code in}: a complete head (the parser is then ready for the next), or
	 * null.
	 */
	RequestHead parse(ByteBuffer in) {
		RequestHead head = parser.parse(in);
		if (head != null) {
			parser.reset();
		}
		return head;
	}

	boolean headInProgress() {
		return parser.inProgress();
	}

	/** Holds {@code rest} back, after what is held already. */
	void hold(ByteBuffer rest) {
		int before = held == null ? 0 : held.remaining();
		ByteBuffer joined = ByteBuffer.allocate(before + rest.remaining());
		if (held != null) {
			joined.put(held);
		}
		held = joined.put(rest).flip();
	}

	/** What is held, now the caller's; null if nothing. */
	ByteBuffer take() {
		ByteBuffer taken = held;
		held = null;
		return taken;
	}

	boolean holding() {
		return held != null;
	}

	boolean full() {
		return held != null && held.remaining() >= MAX_HELD;
	}

	void clear() {
		held = null;
	}

}
