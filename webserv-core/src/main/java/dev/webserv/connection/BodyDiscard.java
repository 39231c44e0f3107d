package dev.webserv.connection;

import java.nio.ByteBuffer;

import dev.webserv.parser.BadRequestException;

/**
 * The rest of a request body its exchange handler ended without reading, read and dropped
 * after the response so the connection can serve the next request (nginx discards such a
 * body, Tomcat swallows it). Bounded: at most {@link #MAX_BYTES} more bytes, within the
 * {@code body} timeout from the end; past either, or on broken framing, the connection
 * closes after the response, and nothing after the body is ever read as a request. The
 * body's own framing finds its end, so a discarded body is never parsed as a head. Loop
 * thread only.
 */
final class BodyDiscard {

	/** Bytes of an unread body the server reads and drops to keep a connection. */
	static final long MAX_BYTES = 1024 * 1024;

	private final BodyFraming framing;

	private final Exchange.Owner owner;

	private final long until;

	private final long deadline;

	private boolean over;

	/**
	 * Starts dropping the rest of the body; the owner is told {@code responded} once it
	 * is gone (keeping the connection as far as it may) or the bound passed (closing).
	 * @param deadline when it must be over (nanoTime)
	 */
	BodyDiscard(BodyFraming framing, Exchange.Owner owner, long deadline) {
		this.framing = framing;
		this.owner = owner;
		this.until = framing.received() + MAX_BYTES;
		this.deadline = deadline;
	}

	/**
	 * Whether the rest of the body may be dropped rather than close the connection: its
	 * declared rest fits the bound (a chunked body is tried).
	 */
	static boolean fits(BodyFraming framing) {
		long rest = framing.remaining();
		return rest < 0 || rest <= MAX_BYTES;
	}

	/** Drops body bytes from {@code in}, never more than the body. */
	void drop(ByteBuffer in) {
		if (over) {
			return;
		}
		try {
			while (framing.next(in) != null) {
				if (framing.received() > until) {
					finish(false);
					return;
				}
			}
		}
		catch (BadRequestException broken) {
			finish(false); // where the body ends is unknown: never read past it
			return;
		}
		if (framing.complete()) {
			finish(owner.keepAlive());
		}
	}

	private void finish(boolean keepAlive) {
		over = true;
		owner.responded(keepAlive);
	}

	/** Whether the deadline passed at {@code now}. */
	boolean expired(long now) {
		return !over && now - deadline > 0;
	}

}
