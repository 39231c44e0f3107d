package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import dev.webserv.proxyprotocol.ProxyHeaderException;
import dev.webserv.proxyprotocol.ProxyPreface;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.config.Limits;
import dev.webserv.config.VirtualServer;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.FailureLog;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.events.ServerEvents;
import dev.webserv.listener.Listener;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.RequestHead;
import dev.webserv.parser.RequestParser;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * One socket's state machine, driven by its event loop:
 *
 * <pre>
 *  IDLE --first byte--> HEAD --head parsed--> BODY --body in--> SPOOLING --on disk--> (dispatch)
 *    ^                                                                   |
 *    |            non-blocking handler: answered at once ----------------+
 *    |            blocking handler: HANDLING until the worker hands back the response
 *    |                                                                   v
 *    +---- response queued (SENDING while a file or stream body drains) --+
 *  any error or Connection: close --> CLOSING --flushed--> LINGERING (FIN sent, input drained) --> CLOSED
 * </pre>
 *
 * Each request head starts an {@link Exchange}, which owns the request, its body, the
 * handler call and the response; the connection owns the socket, the states and their
 * {@link Deadlines}. One request at a time: bytes that arrive while a handler runs wait
 * in a bounded stash (reading stays armed meanwhile, so a client that leaves is noticed),
 * so pipelined responses stay in order. Parsing, and reading, pause while unsent output
 * is above a bound, so a client that sends and never reads holds little memory.
 * Everything a read batch produces is flushed at the end of that batch in one gathering
 * write.
 */
public final class Connection implements EventLoop.Member {

	private final ServerRuntime server;

	private final EventLoop loop;

	private final Transport transport;

	private final Listener listener;

	private final VirtualHosts hosts;

	private final Inbox inbox;

	private final Output output;

	private final ResponseQueue responses;

	private final Deadlines deadlines;

	private final ServerEvents events;

	private final Seat seat;

	private final long openedAt = System.nanoTime();

	/** null when the listener does not take the PROXY protocol */
	private final ProxyPreface preface;

	private Site site;

	private State state = State.IDLE;

	private int requests;

	private Exchange exchange;

	private boolean keepAlive;

	private Throwable closeCause;

	/** Inside {@link #serve}: a resume waits for the work to end. */
	private boolean busy;

	private boolean resumeAsked;

	private Connection(ServerRuntime server, EventLoop loop, SocketChannel channel, Listener listener,
			VirtualHosts hosts) {
		this.server = server;
		this.loop = loop;
		this.listener = listener;
		this.hosts = hosts;
		this.deadlines = new Deadlines(server.config().timeouts(), openedAt);
		this.events = new GuardedEvents(server.events(), loop.failures());
		this.transport = new Transport(channel, listener.name(), events);
		this.seat = new Seat(this, deadlines);
		LoopCaches caches = LoopCaches.of(loop);
		Limits limits = server.config().limits();
		this.inbox = new Inbox(new RequestParser(limits.maxRequestLineLength(), limits.maxHeaderSize(),
				limits.maxHeaderCount(), caches.strings()));
		this.output = new Output(caches.writeBuffer());
		this.responses = new ResponseQueue(server, loop, output, caches.dates(), () -> guard(this::resume));
		this.preface = listener.address().proxyProtocol()
				? new ProxyPreface(server.config().timeouts().proxyHeader(), openedAt) : null;
	}

	/**
	 * Sets the socket up and starts serving it. Call on the loop's thread.
	 * @param hosts the virtual servers of the listener's address
	 */
	public static void open(ServerRuntime server, EventLoop loop, SocketChannel channel, Listener listener,
			VirtualHosts hosts) {
		Connection connection = new Connection(server, loop, channel, listener, hosts);
		// before anything can close it: events come in pairs
		connection.events.connectionOpened(listener.name());
		try {
			connection.transport.register(loop, connection);
			connection.site = new Site(server, connection.events, loop, listener, hosts, connection.responses,
					connection.transport.remoteAddress(), connection.transport.localAddress(),
					server.nextConnectionSerial());
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
		serve(() -> {
			if (key.isReadable()) {
				onReadable();
			}
			if (state != State.CLOSED && key.isValid() && key.isWritable()) {
				advance();
			}
		});
	}

	/**
	 * Runs loop work for this connection: whatever it throws costs this connection (a 500
	 * if nothing was answered yet), never the loop. A {@link #resume} asked for meanwhile
	 * (an exchange writing from inside a callback) runs once the work is done, never
	 * inside it.
	 */
	private void serve(Runnable work) {
		if (busy) {
			work.run();
			return;
		}
		busy = true;
		try {
			work.run();
			if (resumeAsked && state != State.CLOSED) {
				advance();
			}
		}
		catch (Throwable e) {
			crashed(e);
		}
		finally {
			busy = false;
			resumeAsked = false;
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
			if (exchange != null) {
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
		ByteBuffer buffer = loop.readBuffer();
		int read;
		try {
			read = transport.read(buffer);
		}
		catch (IOException e) {
			close();
			return;
		}
		if (read < 0) {
			close();
			return;
		}
		if (read == 0) {
			return;
		}
		deadlines.read(System.nanoTime());
		if (state == State.LINGERING) {
			return;
		}
		buffer.flip();
		process(buffer);
		if (buffer.hasRemaining() && holdsInput()) {
			inbox.hold(buffer);
		}
		advance();
	}

	/**
	 * Whether unprocessed input is still wanted (not after an error or a final response).
	 */
	private boolean holdsInput() {
		return state != State.CLOSED && state != State.CLOSING && state != State.LINGERING;
	}

	private boolean wantsInput() {
		if (output.backedUp()) {
			return false;
		}
		return state == State.IDLE || state == State.HEAD
				|| (state == State.BODY || state == State.STREAMING) && exchange.wantsBody();
	}

	/**
	 * Whether to read: for input, or to notice a client leaving while its handler runs.
	 */
	private boolean readArmed() {
		return wantsInput() || (state == State.HANDLING || state == State.STREAMING) && !inbox.full();
	}

	private void process(ByteBuffer in) {
		if (preface != null && !readPreface(in)) {
			return;
		}
		try {
			while (in.hasRemaining() && wantsInput()) {
				if (state == State.BODY || state == State.STREAMING) {
					exchange.consume(in);
				}
				else {
					readHead(in);
				}
			}
		}
		catch (BadRequestException e) {
			events.parseError(listener.name(), RejectionReason.valueOf(e.rejection().name()));
			fail(e.rejection().status());
		}
	}

	/**
	 * Whether the PROXY header is complete; closes the connection, unanswered, when it is
	 * malformed. Once complete, exchanges see the addresses it names.
	 */
	private boolean readPreface(ByteBuffer in) {
		boolean before = preface.complete();
		try {
			if (!preface.read(in)) {
				return false;
			}
		}
		catch (ProxyHeaderException e) {
			close();
			return false;
		}
		if (!before) {
			site = site.withAddresses(preface.client(site.remote()), preface.server(site.local()));
		}
		return true;
	}

	private void readHead(ByteBuffer in) {
		RequestHead parsed = inbox.parse(in);
		if (state == State.IDLE && (parsed != null || inbox.headInProgress())) {
			enter(State.HEAD);
		}
		if (parsed != null) {
			requests++;
			int maxRequests = server.config().limits().maxRequestsPerConnection();
			keepAlive = parsed.keepAlive() && !server.draining() && (maxRequests == 0 || requests < maxRequests);
			exchange = Exchange.create(site, seat, parsed, deadlines.stateSince(), requests);
			exchange.begin();
		}
	}

	/**
	 * Answers with an error status and closes; the one exit for bad input and timeouts.
	 */
	void fail(int status) {
		if (exchange != null) {
			Exchange failed = exchange;
			exchange = null;
			failed.failed(status);
			if (state == State.CLOSED) {
				return; // a committed streamed response closes at once
			}
		}
		else if (state != State.SENDING) {
			// refused before a head parsed: the refused head counts as a request, as in
			// nginx
			boolean counted = state == State.IDLE || state == State.HEAD;
			long startedAt = state == State.HEAD ? deadlines.stateSince() : System.nanoTime();
			Refusal.answer(site, status, counted ? requests + 1 : 0, startedAt);
		}
		enter(State.CLOSING);
		inbox.clear();
	}

	/**
	 * Flushes, then moves on: next pipelined request, lingering close, or waiting for
	 * input.
	 */
	private void advance() {
		while (state != State.CLOSED) {
			resumeAsked = false;
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
					enter(keepAlive ? State.IDLE : State.CLOSING);
					continue;
				}
				if (server.draining() && idleForDrain()) {
					close();
					return;
				}
			}
			if (inbox.holding() && wantsInput()) {
				ByteBuffer pending = inbox.take();
				process(pending);
				if (pending.hasRemaining() && holdsInput()) {
					inbox.hold(pending);
				}
				continue;
			}
			if (resumeAsked) {
				continue; // an exchange queued more while this flushed
			}
			transport.interest((progress == Progress.BLOCKED ? SelectionKey.OP_WRITE : 0)
					| (readArmed() ? SelectionKey.OP_READ : 0));
			return;
		}
	}

	private Progress flush() {
		long before = output.bytesWritten();
		Progress progress;
		try {
			progress = transport.flush(output);
		}
		catch (IOException | RuntimeException e) {
			close(e instanceof Output.SourceException ? e : null);
			return Progress.DONE;
		}
		deadlines.flushed(progress, before, output.bytesWritten(), output.isEmpty(), System.nanoTime());
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
		deadlines.entered(next, System.nanoTime());
	}

	@Override
	public void checkTimeouts(long now) {
		serve(() -> {
			if (deadlines.shouldProbe(now)) {
				advance(); // the client may have been reading all along: try a write
			}
			if (state != State.CLOSED) {
				checkDeadlines(now);
			}
		});
	}

	private void checkDeadlines(long now) {
		if (state == State.IDLE && preface != null && preface.expired(now)) {
			events.timeout(listener.name(), TimeoutPhase.HEADER);
			close();
			return;
		}
		long received = exchange != null ? exchange.bodyReceived() : 0;
		Deadlines.Expired expired = state == State.STREAMING ? exchange.expired(now) : null;
		if (expired == null) {
			expired = deadlines.expired(state, now, received, output.bytesWritten());
		}
		if (expired == null) {
			return;
		}
		if (expired.phase != null) {
			events.timeout(listener.name(), expired.phase);
		}
		if (expired.status == 0) {
			close(expired.cause());
			return;
		}
		fail(expired.status);
		advance();
	}

	/**
	 * Graceful stop: an idle connection closes now, a busy one after its current
	 * response.
	 */
	public void drain() {
		serve(this::drainNow);
	}

	private void drainNow() {
		keepAlive = false;
		if (idleForDrain()) {
			// a request already in the socket buffer was received: serve it (with
			// Connection: close), don't drop it
			onReadable();
		}
		if (idleForDrain()) {
			close();
		}
	}

	private boolean idleForDrain() {
		return state == State.IDLE && output.isEmpty() && !inbox.holding() && !inbox.headInProgress()
				&& (preface == null || !preface.inProgress());
	}

	/** Closes at once: the client left, or the exchange is over either way. */
	@Override
	public void close() {
		close(null);
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
		inbox.clear();
		transport.close();
		loop.remove(this);
		try {
			output.release(); // tells the exchanges whose responses were not all sent
			if (exchange != null) {
				Exchange abandoned = exchange;
				exchange = null;
				abandoned.abandoned();
			}
			events.connectionClosed(listener.name(), System.nanoTime() - openedAt, transport.bytesReceived(),
					output.bytesWritten(), requests);
		}
		finally {
			server.connectionClosed();
		}
	}

	// what the current exchange asks of its connection, through its Seat

	boolean keepAlive() {
		return keepAlive;
	}

	void responded(boolean keepAlive) {
		this.keepAlive = keepAlive;
		exchange = null;
		enter(!keepAlive ? State.CLOSING : output.hasBody() ? State.SENDING : State.IDLE);
	}

	/**
	 * Something finished off the read path (a worker, a stream, a spill file, an
	 * exchange's call): flush and move on, now or once the current work ends.
	 */
	void resume() {
		if (state == State.CLOSED) {
			return;
		}
		if (busy) {
			resumeAsked = true;
			return;
		}
		serve(this::advance);
	}

	/** Runs a loop task for this connection, as {@link #serve} does. */
	void guard(Runnable task) {
		serve(task);
	}

	/** Why the connection ended: null when the client closed it. */
	Throwable closeCause() {
		return closeCause;
	}

}
