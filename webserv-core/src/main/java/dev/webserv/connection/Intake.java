package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.RejectionReason;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.RequestHead;
import dev.webserv.parser.RequestParser;
import dev.webserv.proxyprotocol.ProxyHeaderException;
import dev.webserv.proxyprotocol.ProxyPreface;

/**
 * What a connection does with the bytes it reads: the PROXY protocol header first (when
 * its listener takes one), then request heads, each handed to the connection to start an
 * exchange, and body bytes for the current exchange, as far as the connection takes
 * input. The rest waits, bounded ({@link #MAX_HELD}), in a buffer of its own since the
 * loop's read buffer is shared. Malformed input becomes the status its rejection names.
 * Loop thread only.
 */
final class Intake {

	private final Connection connection;

	private final Seat seat;

	/** Bytes held past which reading pauses. */
	static final int MAX_HELD = 64 * 1024;

	/** the partial head of the request on its way */
	private final RequestParser parser;

	/**
	 * bytes taken but not wanted yet (a handler running, output past its bound), or null
	 */
	private ByteBuffer held;

	private final Transport transport;

	private final Deadlines deadlines;

	/** null when the listener does not take the PROXY protocol */
	private final ProxyPreface preface;

	private final EventLoop loop;

	/**
	 * Whether exchanges see the PROXY header's addresses yet (on TLS the transport read
	 * the header before the handshake: it is complete here at once).
	 */
	private boolean readdressed;

	Intake(Connection connection, Seat seat, RequestParser parser, ProxyPreface preface, Transport transport,
			Deadlines deadlines, EventLoop loop) {
		this.connection = connection;
		this.seat = seat;
		this.parser = parser;
		this.preface = preface;
		this.transport = transport;
		this.deadlines = deadlines;
		this.loop = loop;
	}

	/**
	 * Reads what arrived into the loop's {@code buffer} and takes it; closes the
	 * connection at the end of the stream or on an error.
	 * @param wanted false while lingering: what arrives is drained, not taken
	 * @return whether bytes were taken
	 */
	boolean read(ByteBuffer buffer, boolean wanted) {
		int read;
		try {
			read = transport.read(buffer);
		}
		catch (IOException e) {
			read = -1;
		}
		if (read < 0) {
			connection.close();
			return false;
		}
		if (read == 0) {
			return false;
		}
		deadlines.read(loop.now());
		if (!wanted) {
			return false;
		}
		buffer.flip();
		take(buffer);
		return true;
	}

	/** Takes what the connection wants of {@code in}, holding the rest back if wanted. */
	void take(ByteBuffer in) {
		process(in);
		if (in.hasRemaining() && connection.holdsInput()) {
			hold(in);
		}
	}

	/** Takes held bytes when the connection wants input again; whether it did. */
	boolean takeHeld() {
		if (held == null || !connection.wantsInput()) {
			return false;
		}
		ByteBuffer taken = held;
		held = null;
		take(taken);
		return true;
	}

	private void process(ByteBuffer in) {
		if (preface != null && !readPreface(in)) {
			return;
		}
		try {
			while (in.hasRemaining() && connection.wantsInput()) {
				if (!connection.feedBody(in)) {
					readHead(in);
				}
			}
		}
		catch (BadRequestException e) {
			connection.rejected(RejectionReason.valueOf(e.rejection().name()), e.rejection().status());
		}
	}

	/**
	 * Whether the PROXY header is complete; closes the connection, unanswered, when it is
	 * malformed. Once complete, exchanges see the addresses it names.
	 */
	private boolean readPreface(ByteBuffer in) {
		if (readdressed) {
			return true;
		}
		try {
			if (!preface.read(in)) {
				return false;
			}
		}
		catch (ProxyHeaderException e) {
			connection.close();
			return false;
		}
		readdressed = true;
		seat.readdress(preface::client, preface::server);
		return true;
	}

	private void readHead(ByteBuffer in) {
		RequestHead parsed = parser.parse(in);
		if (parsed != null) {
			parser.reset(); // ready for the next head
		}
		if (parsed != null || parser.inProgress()) {
			connection.headStarted();
		}
		if (parsed != null) {
			seat.start(parsed);
		}
	}

	/** Holds {@code rest} back, after what is held already. */
	private void hold(ByteBuffer rest) {
		int before = held == null ? 0 : held.remaining();
		ByteBuffer joined = ByteBuffer.allocate(before + rest.remaining());
		if (held != null) {
			joined.put(held);
		}
		held = joined.put(rest).flip();
	}

	/** Whether the bytes held back reached their bound (reading then pauses). */
	boolean full() {
		return held != null && held.remaining() >= MAX_HELD;
	}

	/** Whether bytes of a next request are held back. */
	boolean holding() {
		return held != null;
	}

	/** Whether nothing is held or half-read: no request is on its way. */
	boolean idle() {
		return held == null && !parser.inProgress() && (preface == null || !preface.inProgress());
	}

	/** Whether a PROXY header is still awaited (its deadline runs). */
	boolean prefacePending() {
		return preface != null && preface.header() == null;
	}

	/** Whether the PROXY header is overdue. */
	boolean prefaceExpired(long now) {
		return preface != null && preface.expired(now);
	}

	/** Drops what is held: no more input is wanted. */
	void clear() {
		held = null;
	}

}
