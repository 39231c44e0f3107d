package dev.webserv.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.config.Limits;
import dev.webserv.config.Timeouts;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.RequestLog;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.handler.ErrorPages;
import dev.webserv.handler.StorageFailures;
import dev.webserv.listener.Listener;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.Rejection;
import dev.webserv.parser.RequestHead;
import dev.webserv.parser.RequestParser;
import dev.webserv.router.Target;
import dev.webserv.runtime.ServerRuntime;
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
 * One request at a time: bytes that arrive while a handler runs wait in a stash, and
 * reading pauses, so pipelined responses stay in order and a flood cannot grow memory.
 * Everything a read batch produces is flushed at the end of that batch in one gathering
 * write.
 */
public final class Connection implements EventLoop.Member {

	private enum State {

		IDLE, HEAD, BODY, SPOOLING, HANDLING, SENDING, CLOSING, LINGERING, CLOSED

	}

	private static final ByteBuffer CONTINUE = ByteBuffer
		.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

	private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final int CLIENT_CLOSED = 499;

	private final ServerRuntime server;

	private final EventLoop loop;

	private final SocketChannel channel;

	private final Listener listener;

	private final Limits limits;

	private final Timeouts timeouts;

	private final RequestParser parser;

	private final Output output;

	private final ResponseQueue responses;

	private final long openedAt = System.nanoTime();

	private SelectionKey key;

	private State state = State.IDLE;

	private long stateSince = openedAt;

	private ByteBuffer stash;

	private long bytesReceived;

	private int requests;

	private RequestHead head;

	private Target target;

	private BodyReader body;

	private long exchangeStart;

	private long lastRead;

	private boolean keepAlive;

	private boolean exchangeOpen;

	private long exchangeId;

	private long handlerTimeoutNanos;

	private Future<?> handlerTask;

	private long writeBlockedSince = -1;

	private long lastWriteProgress;

	private long writtenWhenBlocked;

	private final long serial;

	private InetSocketAddress remote;

	private long responseBodyBytes;

	private Connection(ServerRuntime server, EventLoop loop, SocketChannel channel, Listener listener) {
		this.server = server;
		this.loop = loop;
		this.channel = channel;
		this.listener = listener;
		this.limits = server.config().limits();
		this.timeouts = server.config().timeouts();
		this.parser = new RequestParser(limits.maxRequestLineLength(), limits.maxHeaderSize(), limits.maxHeaderCount(),
				loop.strings());
		this.output = new Output(loop.writeBuffer());
		this.responses = new ResponseQueue(server, loop, output, this::resumeFromStream);
		this.serial = server.nextConnectionSerial();
	}

	/** Sets the socket up and starts serving it. Call on the loop's thread. */
	public static void open(ServerRuntime server, EventLoop loop, SocketChannel channel, Listener listener) {
		Connection connection = new Connection(server, loop, channel, listener);
		server.events().connectionOpened(listener.name()); // before anything can close
															// it: events come in pairs
		try {
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			connection.key = loop.register(channel, SelectionKey.OP_READ, connection);
		}
		catch (IOException e) {
			connection.close();
			return;
		}
		if (server.draining()) {
			connection.drain(); // accepted just before the listener closed: serve what it
								// sent, else close
		}
	}

	@Override
	public void ready(SelectionKey key) throws IOException {
		if (key.isReadable()) {
			onReadable();
		}
		if (state != State.CLOSED && key.isValid() && key.isWritable()) {
			advance();
		}
	}

	private void onReadable() {
		ByteBuffer buffer = loop.readBuffer();
		int read;
		try {
			read = channel.read(buffer);
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
		bytesReceived += read;
		lastRead = System.nanoTime();
		if (state == State.LINGERING) {
			return;
		}
		buffer.flip();
		process(buffer);
		if (buffer.hasRemaining() && holdsInput()) {
			stash = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
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
		return state == State.IDLE || state == State.HEAD || state == State.BODY && !body.backlogged();
	}

	private void process(ByteBuffer in) {
		try {
			while (in.hasRemaining() && wantsInput()) {
				if (state == State.BODY) {
					readBody(in);
				}
				else {
					readHead(in);
				}
			}
		}
		catch (BadRequestException e) {
			server.events().parseError(listener.name(), e.rejection());
			fail(e.rejection().status());
		}
	}

	private void readHead(ByteBuffer in) {
		RequestHead parsed = parser.parse(in);
		if (state == State.IDLE && (parsed != null || parser.inProgress())) {
			enter(State.HEAD);
			exchangeStart = stateSince;
		}
		if (parsed != null) {
			parser.reset();
			beginExchange(parsed);
		}
	}

	private void beginExchange(RequestHead parsed) {
		head = parsed;
		requests++;
		exchangeOpen = true;
		server.requestStarted();
		server.events().requestStarted(listener.name());
		target = listener.hosts().select(parsed.host()).match(parsed.method(), parsed.path());
		int maxRequests = limits.maxRequestsPerConnection();
		keepAlive = parsed.keepAlive() && !server.draining() && (maxRequests == 0 || requests < maxRequests);
		String expect = parsed.headers().get("Expect");
		if (expect != null && !parsed.expectContinue()) {
			fail(417);
			return;
		}
		if (!parsed.hasBody()) {
			dispatch(RequestBody.EMPTY);
			return;
		}
		long limit = target.maxBodySize();
		if (limit > 0 && parsed.contentLength() > limit) {
			server.events().parseError(listener.name(), Rejection.BODY_TOO_LARGE);
			fail(413);
			return;
		}
		body = new BodyReader(parsed, limit, limits.bodyMemoryThreshold(), limits.maxRequestLineLength(),
				limits.maxHeaderSize(),
				() -> new SpillFile(server.io(), loop, server.temporaryFiles(), this::onSpillProgress));
		if (parsed.expectContinue()) {
			output.add(CONTINUE.duplicate());
		}
		enter(State.BODY);
		lastRead = stateSince;
	}

	private void readBody(ByteBuffer in) {
		if (body.consume(in)) {
			enter(State.SPOOLING);
			bodyArrived();
		}
	}

	/**
	 * Dispatches once the body that has arrived is also on disk (when it spilled there).
	 */
	private void bodyArrived() {
		IOException failure = body.failure();
		if (failure != null) {
			fail(StorageFailures.outOfSpace(failure) ? 507 : 500);
			return;
		}
		if (!body.ready()) {
			return;
		}
		RequestBody complete;
		try {
			complete = body.finish();
		}
		catch (IOException e) {
			fail(StorageFailures.outOfSpace(e) ? 507 : 500);
			return;
		}
		body = null;
		dispatch(complete);
	}

	/** A spill write finished: resume reading, dispatch, or answer a disk failure. */
	private void onSpillProgress() {
		if (body == null || (state != State.BODY && state != State.SPOOLING)) {
			return;
		}
		if (state == State.SPOOLING || body.failure() != null) {
			bodyArrived();
		}
		advance();
	}

	private void dispatch(RequestBody requestBody) {
		Request request = new Request(head, requestBody, remoteAddress(), localAddress(), target.route(),
				target.pathVariables());
		Handler handler = target.handler();
		if (!handler.blocking()) {
			complete(request, Invocation.run(handler, request, target.route(), server.events()));
			return;
		}
		enter(State.HANDLING);
		java.time.Duration timeout = handler.timeout();
		handlerTimeoutNanos = (timeout != null ? timeout : timeouts.handler()).toNanos();
		long id = ++exchangeId;
		try {
			String route = target.route();
			handlerTask = server.submitHandler(() -> {
				Invocation result = Invocation.run(handler, request, route, server.events());
				loop.execute(() -> handlerDone(id, request, result));
			});
		}
		catch (RejectedExecutionException e) {
			complete(request, new Invocation(Response.error(503).header("Retry-After", "1"), null));
		}
	}

	private void handlerDone(long id, Request request, Invocation result) {
		if (state != State.HANDLING || id != exchangeId) {
			request.body().discard();
			ResponseQueue.discard(result.response()); // answered already (timeout or
														// close)
			return;
		}
		complete(request, result);
		advance();
	}

	private void complete(Request request, Invocation result) {
		request.body().discard();
		Response response = ErrorPages.apply(result.response(), target.server());
		keepAlive = responses.queue(response, head, keepAlive);
		responseBodyBytes = sentBodyLength(response);
		endExchange(response.status(), result.error());
		if (!keepAlive) {
			enter(State.CLOSING);
		}
		else {
			enter(output.hasBody() ? State.SENDING : State.IDLE);
		}
	}

	/**
	 * Answers with an error status and closes; the one exit for bad input and timeouts.
	 */
	private void fail(int status) {
		if (body != null) {
			body.discard();
			body = null;
		}
		exchangeId++;
		if (state != State.SENDING) {
			Response response = ErrorPages.apply(Response.error(status),
					target != null ? target.server() : listener.hosts().servers().get(0).server());
			responses.queue(response, head, false);
			responseBodyBytes = sentBodyLength(response);
		}
		if (exchangeOpen) {
			endExchange(status, null);
		}
		else if (state == State.HEAD || state == State.IDLE) {
			if (state == State.IDLE) {
				exchangeStart = System.nanoTime(); // refused at its first bytes
			}
			logAccess(status, null, listener.hosts().servers().get(0).server());
		}
		enter(State.CLOSING);
		stash = null;
	}

	private void endExchange(int status, Throwable error) {
		if (!exchangeOpen) {
			return;
		}
		exchangeOpen = false;
		server.requestEnded();
		String method = head != null ? head.method() : "UNKNOWN";
		String route = target != null ? target.route() : "UNKNOWN";
		server.events()
			.requestCompleted(
					new RequestLog(listener.name(), method, route, status, System.nanoTime() - exchangeStart, error));
		logAccess(status, head, target != null ? target.server() : listener.hosts().servers().get(0).server());
		head = null;
		target = null;
	}

	/**
	 * Flushes, then moves on: next pipelined request, lingering close, or waiting for
	 * input.
	 */
	private void advance() {
		while (state != State.CLOSED) {
			Progress progress = flush();
			if (state == State.CLOSED) {
				return;
			}
			if (progress != Progress.DONE) {
				interest(progress == Progress.BLOCKED ? SelectionKey.OP_WRITE : 0);
				return;
			}
			if (state == State.CLOSING) {
				linger();
				return;
			}
			if (state == State.SENDING) {
				enter(keepAlive ? State.IDLE : State.CLOSING);
				continue;
			}
			if (state == State.IDLE && server.draining() && stash == null) {
				close();
				return;
			}
			if (stash != null && wantsInput()) {
				ByteBuffer pending = stash;
				stash = null;
				process(pending);
				if (pending.hasRemaining() && holdsInput()) {
					stash = pending;
				}
				continue;
			}
			interest(wantsInput() ? SelectionKey.OP_READ : 0);
			return;
		}
	}

	private Progress flush() {
		long before = output.bytesWritten();
		try {
			Progress progress = output.flush(channel);
			long now = System.nanoTime();
			if (output.bytesWritten() != before) {
				lastWriteProgress = now;
			}
			if (progress == Progress.BLOCKED && writeBlockedSince < 0) {
				writeBlockedSince = now;
				writtenWhenBlocked = output.bytesWritten();
				lastWriteProgress = now;
			}
			else if (progress != Progress.BLOCKED) {
				writeBlockedSince = -1;
			}
			return progress;
		}
		catch (IOException | RuntimeException e) {
			close();
			return Progress.DONE;
		}
	}

	private void resumeFromStream() {
		if (state != State.CLOSED) {
			advance();
		}
	}

	/**
	 * Half-closes and reads what the client still sends, so the final response is not
	 * lost to a reset.
	 */
	private void linger() {
		try {
			channel.shutdownOutput();
		}
		catch (IOException e) {
			close();
			return;
		}
		enter(State.LINGERING);
		interest(SelectionKey.OP_READ);
	}

	private void interest(int ops) {
		if (key.isValid() && key.interestOps() != ops) {
			key.interestOps(ops);
		}
	}

	private void enter(State next) {
		state = next;
		stateSince = System.nanoTime();
	}

	@Override
	public void checkTimeouts(long now) {
		long inState = now - stateSince;
		switch (state) {
			case IDLE -> {
				if (output.isEmpty() && inState > timeouts.idle().toNanos()) {
					server.events().timeout(listener.name(), TimeoutPhase.IDLE);
					close();
					return;
				}
			}
			case HEAD -> {
				if (inState > timeouts.header().toNanos()) {
					timedOut(TimeoutPhase.HEADER, 408);
					return;
				}
			}
			case BODY -> {
				if (now - lastRead > timeouts.body().toNanos()
						|| tooSlow(inState, body.received(), timeouts.minBodyRate())) {
					timedOut(TimeoutPhase.BODY, 408);
					return;
				}
			}
			case HANDLING -> {
				if (inState > handlerTimeoutNanos) {
					handlerTask.cancel(true); // interrupts the handler's thread
					timedOut(TimeoutPhase.HANDLER, 503);
					return;
				}
			}
			case LINGERING -> {
				if (inState > LINGER_NANOS) {
					close();
					return;
				}
			}
			default -> {
			}
		}
		if (writeBlockedSince >= 0
				&& (now - lastWriteProgress > timeouts.write().toNanos() || tooSlow(now - writeBlockedSince,
						output.bytesWritten() - writtenWhenBlocked, timeouts.minWriteRate()))) {
			server.events().timeout(listener.name(), TimeoutPhase.WRITE);
			close();
		}
	}

	private static boolean tooSlow(long elapsedNanos, long bytes, long minRate) {
		return minRate > 0 && elapsedNanos > RATE_GRACE_NANOS && bytes * 1_000_000_000.0 / elapsedNanos < minRate;
	}

	private void timedOut(TimeoutPhase phase, int status) {
		server.events().timeout(listener.name(), phase);
		fail(status);
		advance();
	}

	/**
	 * Graceful stop: an idle connection closes now, a busy one after its current
	 * response.
	 */
	public void drain() {
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
		return state == State.IDLE && output.isEmpty() && stash == null && !parser.inProgress();
	}

	@Override
	public void close() {
		if (state == State.CLOSED) {
			return;
		}
		if (exchangeOpen) {
			endExchange(CLIENT_CLOSED, null);
		}
		if (body != null) {
			body.discard();
			body = null;
		}
		state = State.CLOSED;
		output.release();
		stash = null;
		loop.remove(this);
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// closed either way
		}
		server.events()
			.connectionClosed(listener.name(), System.nanoTime() - openedAt, bytesReceived, output.bytesWritten(),
					requests);
		server.connectionClosed();
	}

	/**
	 * Access log hook. Until requestCompleted fires at the last byte, the bytes are the
	 * body's length as queued (0 for 499).
	 */
	private void logAccess(int status, RequestHead requestHead, VirtualServer virtualServer) {
		long body = status == CLIENT_CLOSED ? 0 : responseBodyBytes;
		responseBodyBytes = 0;
		Request request = requestHead == null ? null : new Request(requestHead, RequestBody.EMPTY, remoteAddress(),
				localAddress(), target != null ? target.route() : null, java.util.Map.of());
		server.events()
			.access(new AccessRecord(listener.name(), serial, requests, remoteAddress(), localAddress(),
					virtualServer.name(), request, status, body, body, System.currentTimeMillis(),
					System.nanoTime() - exchangeStart));
	}

	private long sentBodyLength(Response response) {
		boolean headOnly = head != null && head.method().equals("HEAD");
		if (headOnly || dev.webserv.Status.forbidsBody(response.status())) {
			return 0;
		}
		return switch (response.bodyKind()) {
			case BYTES -> response.bytes().length;
			case FILE, STREAM -> Math.max(response.length(), 0);
			default -> 0;
		};
	}

	private InetSocketAddress remoteAddress() {
		if (remote == null) {
			remote = (InetSocketAddress) channel.socket().getRemoteSocketAddress();
		}
		return remote;
	}

	private InetSocketAddress localAddress() {
		return (InetSocketAddress) channel.socket().getLocalSocketAddress();
	}

}
