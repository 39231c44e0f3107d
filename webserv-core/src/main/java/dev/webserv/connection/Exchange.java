package dev.webserv.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.config.Limits;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.handler.ErrorPages;
import dev.webserv.handler.StorageFailures;
import dev.webserv.listener.Listener;
import dev.webserv.parser.Rejection;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.Target;

/**
 * One request and its answer: the routed head, its body, the handler call, the response,
 * and the completion event. A {@link Connection} makes one per request head and feeds it;
 * the exchange never touches the socket.
 * <p>
 * <b>Threads.</b> Everything here runs on the connection's event loop, except a blocking
 * handler, which runs on a worker and hands its response back through
 * {@link EventLoop#execute}. A result that comes back after the exchange was answered
 * (timeout, close) is dropped and its stream closed.
 * <p>
 * <b>Buffers.</b> Body bytes arrive in the loop's shared read buffer, valid only during
 * {@link #consume}; the {@link BodyReader} copies what it keeps (memory up to a
 * threshold, then a spill file written off the loop). The response goes to the
 * connection's {@link dev.webserv.writer.Output} through the {@link ResponseQueue}, which
 * owns its bytes, file and stream from then on.
 * <p>
 * <b>Completion.</b> {@code requestCompleted} fires exactly once per exchange: when its
 * response is queued, or when it fails or the connection closes first (499).
 * <p>
 * <b>The seam.</b> A streaming or asynchronous exchange (the layer WebFlux runs on)
 * replaces the body collection and handler call: it would take body bytes as
 * {@link #consume} gets them, with demand instead of the spill file's back-pressure, and
 * answer through the same {@link Owner#responded}. A TLS transport sits below the
 * connection: the exchange sees plain bytes in and queues plain output, unchanged.
 */
final class Exchange {

	/**
	 * Where an exchange runs: fixed for the life of its connection.
	 *
	 * @param remote the client's address
	 * @param local the address the client connected to
	 */
	record Site(ServerContext server, ServerEvents events, EventLoop loop, Listener listener, ResponseQueue responses,
			InetSocketAddress remote, InetSocketAddress local) {
	}

	/** The connection side of an exchange: how it moves the connection's states. */
	interface Owner {

		/** Whether the connection may serve another request after this one, so far. */
		boolean keepAlive();

		/** The head asked for a body: reading it. */
		void receivingBody();

		/** The whole body arrived; it is still being written to its spill file. */
		void spooling();

		/** A blocking handler was handed to a worker; it may run this long. */
		void handling(long timeoutNanos);

		/** The response was queued; the connection stays open if {@code keepAlive}. */
		void responded(boolean keepAlive);

		/** Answers {@code status} and closes (through {@link Exchange#failed}). */
		void fail(int status);

		/** Something finished off the loop's read path: flush and move on. */
		void resume();

		/**
		 * Runs a task for this exchange on the loop: whatever it throws costs this
		 * connection (a 500 if nothing was answered yet), never the loop.
		 */
		void run(Runnable task);

	}

	private static final ByteBuffer CONTINUE = ByteBuffer
		.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

	static final int CLIENT_CLOSED = 499;

	private final Site site;

	private final Owner owner;

	private final ServerContext server;

	private final RequestHead head;

	private final Target target;

	private final long startedAt;

	private BodyReader body;

	private boolean open = true;

	private boolean answered;

	/**
	 * @param startedAt when the first byte of the head arrived (nanoTime)
	 */
	Exchange(Site site, Owner owner, RequestHead head, long startedAt) {
		this.site = site;
		this.owner = owner;
		this.server = site.server();
		this.head = head;
		this.startedAt = startedAt;
		server.requestStarted();
		site.events().requestStarted(site.listener().name());
		this.target = site.listener().hosts().select(head.host()).match(head.method(), head.path());
	}

	/** Checks the head's expectations, then reads the body or calls the handler. */
	void begin() {
		String expect = head.headers().get("Expect");
		if (expect != null && !head.expectContinue()) {
			owner.fail(417);
			return;
		}
		if (!head.hasBody()) {
			dispatch(RequestBody.EMPTY);
			return;
		}
		long limit = target.maxBodySize();
		if (limit > 0 && head.contentLength() > limit) {
			site.events().parseError(site.listener().name(), Rejection.BODY_TOO_LARGE);
			owner.fail(413);
			return;
		}
		Limits limits = server.config().limits();
		body = new BodyReader(head, limit, limits.bodyMemoryThreshold(), limits.maxRequestLineLength(),
				limits.maxHeaderSize(),
				() -> new SpillFile(server.io(), site.loop(), () -> owner.run(this::onSpillProgress)));
		if (head.expectContinue()) {
			site.responses().interim(CONTINUE.duplicate());
		}
		owner.receivingBody();
	}

	/**
	 * Takes body bytes from {@code in} (valid only during this call); the exchange moves
	 * on once the whole body has arrived.
	 */
	void consume(ByteBuffer in) {
		if (body.consume(in)) {
			owner.spooling();
			bodyArrived();
		}
	}

	/** Whether the body is taking bytes now (not paused on a busy spill file). */
	boolean wantsBody() {
		return body != null && !body.backlogged();
	}

	long bodyReceived() {
		return body == null ? 0 : body.received();
	}

	/** Dispatches once the body that has arrived is also on disk (when it spilled). */
	private void bodyArrived() {
		IOException failure = body.failure();
		if (failure != null) {
			owner.fail(StorageFailures.outOfSpace(failure) ? 507 : 500);
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
			owner.fail(StorageFailures.outOfSpace(e) ? 507 : 500);
			return;
		}
		body = null;
		dispatch(complete);
	}

	/** A spill write finished: resume reading, dispatch, or answer a disk failure. */
	private void onSpillProgress() {
		if (body == null || answered) {
			return;
		}
		if (body.complete() || body.failure() != null) {
			bodyArrived();
		}
		owner.resume();
	}

	private void dispatch(RequestBody requestBody) {
		Request request = new Request(head, requestBody, site.remote(), site.local(), target.route(),
				target.pathVariables());
		Handler handler = target.handler();
		if (!handler.blocking()) {
			respond(request, Invocation.run(handler, request, target.route(), site.events()));
			return;
		}
		Duration timeout = handler.timeout();
		owner.handling((timeout != null ? timeout : server.config().timeouts().handler()).toNanos());
		EventLoop loop = site.loop();
		try {
			String route = target.route();
			server.handlerQueued();
			server.workers().execute(() -> {
				server.handlerStarted();
				Invocation result;
				try {
					result = Invocation.run(handler, request, route, site.events());
				}
				finally {
					server.handlerFinished();
				}
				loop.execute(() -> owner.run(() -> handlerDone(request, result)));
			});
		}
		catch (RejectedExecutionException e) {
			server.handlerStarted();
			server.handlerFinished();
			requestBody.discard();
			owner.fail(503);
		}
	}

	private void handlerDone(Request request, Invocation result) {
		if (answered) {
			request.body().discard();
			site.responses().discard(result.response()); // answered already (timeout or
															// close)
			return;
		}
		respond(request, result);
		owner.resume();
	}

	private void respond(Request request, Invocation result) {
		request.body().discard();
		answered = true;
		Response response = ErrorPages.apply(result.response(), target.server());
		boolean keepAlive = site.responses().queue(response, head, owner.keepAlive());
		completed(response.status(), result.error());
		owner.responded(keepAlive);
	}

	/**
	 * The connection fails this exchange: answers {@code status} unless a response is
	 * already on its way, drops the body.
	 */
	void failed(int status) {
		discardBody();
		if (!answered) {
			answered = true;
			site.responses().queue(ErrorPages.apply(Response.error(status), target.server()), head, false);
		}
		completed(status, null);
	}

	/** The connection closed before the exchange ended: the client left first. */
	void abandoned() {
		answered = true;
		discardBody();
		completed(CLIENT_CLOSED, null);
	}

	private void discardBody() {
		if (body != null) {
			body.discard();
			body = null;
		}
	}

	private void completed(int status, Throwable error) {
		if (!open) {
			return;
		}
		open = false;
		server.requestEnded();
		site.events()
			.requestCompleted(new RequestLog(site.listener().name(), head.method(), target.route(), status,
					System.nanoTime() - startedAt, error));
	}

}
