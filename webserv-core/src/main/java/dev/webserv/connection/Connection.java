package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.webserv.Request;
import dev.webserv.TlsInfo;
import dev.webserv.proxyprotocol.ProxyPreface;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.config.Limits;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.FailureLog;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.ServerEvents;
import dev.webserv.listener.Listener;
import dev.webserv.parser.RequestParser;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * One socket's state machine, driven by its event loop:
 *
 * <pre>
 *  IDLE --first byte--> HEAD --head parsed--> BODY --body in--> SPOOLING --on disk--> (dispatch)
 *    ^                                    |                              |
 *    |                                    | exchange handler: STREAMING (body by demand) until it ends
 *    |            non-blocking handler: answered at once ----------------+
 *    |            blocking handler: HANDLING until the worker hands back the response
 *    |                                                                   v
 *    +---- response queued (SENDING while a file or stream body drains) --+
 *  any error or Connection: close --> CLOSING --flushed--> LINGERING (FIN sent, input drained) --> CLOSED
 * </pre>
 *
 * Each request head starts an {@link Exchange} in the connection's {@link Seat}, one at a
 * time; the exchange owns the request, its body, the handler call and the response; the
 * connection owns the socket, the states and their {@link Deadlines} (checked on the
 * loop's tick by its {@link DeadlineCheck}). Its {@link Intake} turns the bytes read into
 * heads and body bytes; bytes that arrive while an exchange runs wait in a bounded stash
 * (reading stays armed meanwhile, so a client that leaves is noticed), so pipelined
 * responses stay in order. Parsing, and reading, pause while unsent output is above a
 * bound, so a client that sends and never reads holds little memory. Everything a read
 * batch produces is flushed at the end of that batch in one gathering write; work runs
 * through {@link LoopWork}, so an exchange's callback never re-enters a flush.
 */
public final class Connection implements EventLoop.Member {

	private final ServerRuntime server;

	private final EventLoop loop;

	private final Transport transport;

	private final Listener listener;

	private final Intake intake;

	private final Output output;

	private final ResponseQueue responses;

	private final Deadlines deadlines;

	private final ServerEvents events;

	private final Seat seat;

	private final Reclaimable reclaiming;

	private final DeadlineCheck deadlineCheck;

	private final long openedAt;

	private State state = State.IDLE;

	private Throwable closeCause;

	private final Callbacks callbacks = new Callbacks(this);

	private final LoopWork work = new LoopWork(callbacks, this::advance, callbacks);

	/**
	 * the key {@link #ready} was called with, for {@link #onReady} (no lambda per
	 * wake-up)
	 */
	private SelectionKey readyKey;

	/**
	 * What the connection's {@link LoopWork}, its wake-ups and its Site call, in one
	 * object: four lambdas less per connection, none per wake-up.
	 */
	private static final class Callbacks implements BooleanSupplier, Consumer<Throwable>, Runnable, Supplier<TlsInfo> {

		private final Connection connection;

		Callbacks(Connection connection) {
			this.connection = connection;
		}

		/** Whether the connection is closed. */
		@Override
		public boolean getAsBoolean() {
			return connection.state == State.CLOSED;
		}

		/** What the work threw. */
		@Override
		public void accept(Throwable e) {
			connection.crashed(e);
		}

		/** The socket is ready. */
		@Override
		public void run() {
			connection.onReady();
		}

		/** What the TLS handshake agreed, for the connection's Site. */
		@Override
		public TlsInfo get() {
			return connection.transport.tls();
		}

	}

	private Connection(ServerRuntime server, EventLoop loop, SocketChannel channel, Listener listener,
			VirtualHosts hosts) {
		this.server = server;
		this.loop = loop;
		this.listener = listener;
		this.openedAt = loop.now();
		this.deadlines = new Deadlines(server.config().timeouts(), openedAt);
		this.events = new GuardedEvents(server.events(), loop.failures());
		// one preface: read by a TLS transport before its handshake, then complete
		// for the intake
		ProxyPreface preface = listener.address().proxyProtocol()
				? new ProxyPreface(server.config().timeouts().proxyHeader(), openedAt) : null;
		this.transport = Transport.open(channel, listener, events, server, loop, hosts, preface,
				() -> work.run(this::onReadable));
		this.seat = new Seat(this, work, deadlines, server);
		LoopCaches caches = LoopCaches.of(loop);
		Limits limits = server.config().limits();
		RequestParser parser = new RequestParser(limits.maxRequestLineLength(), limits.maxHeaderSize(),
				limits.maxHeaderCount(), caches.heads());
		this.output = new Output(caches.writeBuffer());
		this.responses = new ResponseQueue(server, loop, output, caches, work);
		this.intake = new Intake(this, seat, parser, preface, transport, deadlines, loop);
		this.reclaiming = new Reclaimable(this, seat, intake, output, deadlines, transport, events, listener.name(),
				openedAt);
		this.deadlineCheck = new DeadlineCheck(this, transport, intake, seat, deadlines, output, events,
				listener.name());
	}

	/**
	 * Sets the socket up and starts serving it. Call on the loop's thread.
	 * @param hosts the virtual servers of the listener's address
	 * @param firstHeadOver run once the first head is read or the connection closes
	 */
	public static void open(ServerRuntime server, EventLoop loop, SocketChannel channel, Listener listener,
			VirtualHosts hosts, Runnable firstHeadOver) {
		Connection connection = new Connection(server, loop, channel, listener, hosts);
		connection.seat.firstHeadOver(firstHeadOver);
		// before anything can close it: events come in pairs
		connection.events.connectionOpened(listener.name());
		try {
			connection.transport.register(loop, connection);
			connection.seat.site(new Site(server, connection.events, loop, listener, hosts, connection.responses,
					new Request.Origin(connection.transport.remoteAddress(), connection.transport.localAddress(), null),
					server.nextConnectionSerial(), connection.callbacks));
		}
		catch (IOException e) {
			connection.close();
			return;
		}
		if (server.draining()) {
			// accepted just before the listener closed: serve what it sent, else close
			connection.drain();
		}
	}

	@Override
	public void ready(SelectionKey key) {
		readyKey = key;
		work.run(callbacks);
	}

	private void onReady() {
		SelectionKey key = readyKey;
		if (key.isReadable()) {
			onReadable();
		}
		if (state != State.CLOSED && key.isValid() && key.isWritable()) {
			advance();
		}
	}

	/**
	 * Something threw where nothing should: the connection pays, never the loop. The
	 * current exchange gets a 500 if it was not answered yet.
	 */
	private void crashed(Throwable e) {
		FailureLog.rethrowIfFatal(e);
		loop.failures().log("connection from " + listener.name(), e);
		if (state == State.CLOSED) {
			return;
		}
		try {
			if (seat.occupied()) {
				fail(500);
				advance();
				return;
			}
		}
		catch (Throwable again) {
			FailureLog.rethrowIfFatal(again);
		}
		close(e);
	}

	private void onReadable() {
		if (intake.read(loop.readBuffer(), state != State.LINGERING)) {
			advance();
		}
	}

	/**
	 * Whether unprocessed input is still wanted (not after an error or a final response).
	 */
	boolean holdsInput() {
		return state != State.CLOSED && state != State.CLOSING && state != State.LINGERING;
	}

	boolean wantsInput() {
		if (output.backedUp()) {
			return false;
		}
		return state == State.IDLE || state == State.HEAD
				|| (state == State.BODY || state == State.STREAMING) && seat.wantsBody();
	}

	/**
	 * Whether to read: for input, or to notice a client leaving while its handler runs.
	 */
	private boolean readArmed() {
		return wantsInput() || (state == State.HANDLING || state == State.STREAMING) && !intake.full();
	}

	/** Gives body bytes to the current exchange; false when a head comes next. */
	boolean feedBody(ByteBuffer in) {
		if (state != State.BODY && state != State.STREAMING) {
			return false;
		}
		seat.consume(in);
		return true;
	}

	/** The first bytes of a head arrived. */
	void headStarted() {
		if (state == State.IDLE) {
			enter(State.HEAD);
		}
	}

	/** Bad input: told to the events, answered with its status. */
	void rejected(RejectionReason reason, int status) {
		events.parseError(listener.name(), reason);
		fail(status);
	}

	/**
	 * Answers with an error status and closes; the one exit for bad input and timeouts.
	 */
	void fail(int status) {
		if (seat.failCurrent(status)) {
			if (state == State.CLOSED) {
				return; // a committed streamed response closes at once
			}
		}
		else if (state != State.SENDING) {
			// refused before a head parsed: the refused head counts as a request, as in
			// nginx
			boolean counted = state == State.IDLE || state == State.HEAD;
			long startedAt = state == State.HEAD ? deadlines.stateSince() : loop.now();
			Refusal.answer(seat.site(), status, counted ? seat.requests() + 1 : 0, startedAt);
		}
		enter(State.CLOSING);
		intake.clear();
	}

	/**
	 * Flushes, then moves on: next pipelined request, lingering close, or waiting for
	 * input.
	 */
	void advance() {
		while (state != State.CLOSED) {
			work.resumeAsked(); // this pass flushes what was asked
			Progress progress = flush();
			if (state == State.CLOSED) {
				return;
			}
			if (progress == Progress.DONE) {
				if (state == State.CLOSING) {
					linger();
					return;
				}
				if (state == State.SENDING) {
					enter(seat.keepAlive() ? State.IDLE : State.CLOSING);
					continue;
				}
				if (server.draining() && idleForDrain()) {
					close();
					return;
				}
			}
			if (intake.takeHeld() || work.resumeAsked()) {
				continue; // input that waited, or an exchange queued more while this
							// flushed
			}
			boolean reading = readArmed();
			if (state == State.BODY) { // a pause in reading is the server's
				deadlines.reading(reading, loop.now());
			}
			transport.interest(
					(progress == Progress.BLOCKED ? SelectionKey.OP_WRITE : 0) | (reading ? SelectionKey.OP_READ : 0));
			return;
		}
	}

	private Progress flush() {
		long before = output.bytesWritten();
		Progress progress;
		loop.lapse(); // the responses this write completes read the clock again
		try {
			progress = transport.flush(output);
		}
		catch (IOException | RuntimeException e) {
			close(e instanceof Output.SourceException ? e : null);
			return Progress.DONE;
		}
		// records the TLS writer still holds are output too: the write deadline runs for
		// them
		deadlines.flushed(progress, before, output.bytesWritten(), output.isEmpty() && progress != Progress.BLOCKED,
				loop.now());
		return progress;
	}

	/**
	 * Half-closes and reads what the client still sends, so the final response is not
	 * lost to a reset.
	 */
	private void linger() {
		try {
			transport.shutdownOutput();
		}
		catch (IOException e) {
			close();
			return;
		}
		enter(State.LINGERING);
		transport.interest(SelectionKey.OP_READ);
	}

	void enter(State next) {
		state = next;
		deadlines.entered(next, loop.now());
	}

	@Override
	public void checkTimeouts(long now) {
		work.run(() -> deadlineCheck.tick(now));
	}

	/**
	 * Graceful stop: an idle connection closes now, a busy one after its current
	 * response.
	 */
	public void drain() {
		work.run(this::drainNow);
	}

	private void drainNow() {
		seat.lastRequest();
		if (idleForDrain()) {
			// a request already in the socket buffer was received: serve it (with
			// Connection: close), don't drop it
			onReadable();
		}
		if (idleForDrain()) {
			close();
		}
	}

	/** Closes at once: the client left, or the exchange is over either way. */
	@Override
	public void close() {
		close(null);
	}

	/** The loop is stopping: the exchange under way ends with the loop's cause. */
	@Override
	public void closeForStop(Throwable cause) {
		close(cause);
	}

	/**
	 * Closes at once, releasing everything; {@code cause} says why when it was not the
	 * client.
	 */
	void close(Throwable cause) {
		if (state == State.CLOSED) {
			return;
		}
		state = State.CLOSED;
		closeCause = cause;
		intake.clear();
		transport.close();
		loop.remove(this);
		try {
			output.release(); // tells the exchanges whose responses were not all sent
			seat.vacate();
			events.connectionClosed(listener.name(), loop.freshNow() - openedAt, transport.bytesReceived(),
					transport.bytesSent(), seat.requests());
		}
		finally {
			server.connectionClosed();
		}
	}

	// what the current exchange asks of its connection, through its Seat

	void responded(boolean keepAlive) {
		enter(!keepAlive ? State.CLOSING : output.hasBody() ? State.SENDING : State.IDLE);
	}

	/** Why the connection ended: null when the client closed it. */
	Throwable closeCause() {
		return closeCause;
	}

	/** What reclaiming at max-connections may ask of this connection. */
	Reclaimable reclaiming() {
		return reclaiming;
	}

	State state() {
		return state;
	}

	/** Reads what the client sent, as if the socket were ready. */
	void readNow() {
		work.run(this::onReadable);
	}

	boolean idleForDrain() {
		return state == State.IDLE && output.isEmpty() && intake.idle();
	}

}
