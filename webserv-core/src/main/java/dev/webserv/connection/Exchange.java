package dev.webserv.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import dev.webserv.runtime.ServerRuntime;
import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.TlsInfo;
import dev.webserv.config.Limits;
import dev.webserv.config.VirtualServer;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.handler.ErrorPages;
import dev.webserv.listener.Listener;
import dev.webserv.events.RejectionReason;
import dev.webserv.files.StorageFailures;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.Target;
import dev.webserv.router.VirtualHosts;
import dev.webserv.tls.Misdirected;
import dev.webserv.writer.Output;

/**
 * One request and its answer: the routed head, its body, the handler call, the response,
 * and the completion event. A {@link Connection} makes one per request head and feeds it;
 * the exchange never touches the socket.
 * <p>
 * <b>Threads.</b> Everything here runs on the connection's event loop, except a blocking
 * handler, which runs on a worker and hands its response back through
 * {@link EventLoop#execute}. A result that comes back after the exchange was answered
 * (timeout, the client gone) is dropped and its stream closed off the loop; when the
 * client leaves or the handler times out, the worker is interrupted.
 * <p>
 * <b>Buffers.</b> Body bytes arrive in the loop's shared read buffer, valid only during
 * {@link #consume}; the {@link BodyReader} copies what it keeps (memory grown as bytes
 * arrive, up to a threshold, then a spill file written off the loop). The response goes
 * to the connection's {@link Output} through the {@link ResponseQueue}, which owns its
 * bytes, file and stream from then on. The request body, and its temporary file, live
 * until the exchange completes, so a response may be built from them.
 * <p>
 * <b>Completion.</b> {@code requestCompleted} fires exactly once per exchange, on the
 * loop: when the last byte of its response has been written (an {@link Output.Sent}
 * mark), with the real duration and bytes; or when it fails; or with 499 when the
 * connection ends first.
 * <p>
 * <b>The seam.</b> A streaming or asynchronous exchange (the layer WebFlux runs on)
 * replaces the body collection and handler call: it would take body bytes as
 * {@link #consume} gets them, with demand instead of the spill file's back-pressure, and
 * answer through the same {@link Owner#responded}; completion stays tied to the output. A
 * TLS transport sits below the connection: the exchange sees plain bytes in and queues
 * plain output, unchanged.
 */
final class Exchange implements Output.Sent {

	/**
	 * Where an exchange runs: fixed for the life of its connection.
	 *
	 * @param hosts the virtual servers of the address the client connected to
	 * @param remote the client's address
	 * @param local the address the client connected to
	 * @param serial the connection's serial number within the server (nginx's
	 * {@code $connection})
	 * @param tls what the connection's TLS handshake agreed (null over plain TCP)
	 */
	record Site(ServerRuntime server, ServerEvents events, EventLoop loop, Listener listener, VirtualHosts hosts,
			ResponseQueue responses, InetSocketAddress remote, InetSocketAddress local, long serial,
			Supplier<TlsInfo> tls) {

		/** The same site, seen at the addresses a PROXY protocol header named. */
		Site withAddresses(InetSocketAddress remote, InetSocketAddress local) {
			return new Site(server, events, loop, listener, hosts, responses, remote, local, serial, tls);
		}

		/**
		 * Tells the access log about one request that is over.
		 * @param number which request of the connection it was, from 1
		 * @param request the request, or null when its head never parsed
		 * @param startedAt when its first byte arrived (nanoTime)
		 */
		void logAccess(int number, VirtualServer server, Request request, int status, long bytesSent,
				long bodyBytesSent, long startedAt) {
			events.access(new AccessRecord(listener.name(), serial, number, remote, local, server.name(), request,
					status, bytesSent, bodyBytesSent, System.currentTimeMillis(), System.nanoTime() - startedAt));
		}

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

		/** Why the connection ended: null when the client closed it. */
		Throwable closeCause();

	}

	private static final ByteBuffer CONTINUE = ByteBuffer
		.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

	static final int CLIENT_CLOSED = 499;

	private final Site site;

	private final Owner owner;

	private final ServerRuntime server;

	private final RequestHead head;

	private final Target target;

	private final long startedAt;

	private final int number;

	private Request request;

	private BodyReader body;

	private RequestBody requestBody;

	private Future<?> handlerRun;

	private ResponseQueue.Queued queued;

	private Throwable error;

	private boolean open = true;

	private boolean answered;

	/**
	 * @param startedAt when the first byte of the head arrived (nanoTime)
	 * @param number which request of its connection this is, from 1
	 */
	Exchange(Site site, Owner owner, RequestHead head, long startedAt, int number) {
		this.site = site;
		this.owner = owner;
		this.server = site.server();
		this.head = head;
		this.startedAt = startedAt;
		this.number = number;
		server.requestStarted();
		site.events().requestStarted(site.listener().name());
		this.target = site.hosts().select(head.host()).match(head.method(), head.path());
	}

	/** Checks the head's expectations, then reads the body or calls the handler. */
	void begin() {
		if (Misdirected.check(site.tls().get(), head.host(), site.hosts())) {
			owner.fail(421);
			return;
		}
		String expect = head.headers().get("Expect");
		if (expect != null && !head.expectContinue()) {
			owner.fail(417);
			return;
		}
		if (!head.hasBody()) {
			dispatch(RequestBody.inMemory(new byte[0], 0));
			return;
		}
		long limit = target.maxBodySize();
		if (limit > 0 && head.contentLength() > limit) {
			site.events().parseError(site.listener().name(), RejectionReason.BODY_TOO_LARGE);
			owner.fail(413);
			return;
		}
		Limits limits = server.config().limits();
		body = new BodyReader(head, limit, limits.bodyMemoryThreshold(), limits.maxRequestLineLength(),
				limits.maxHeaderSize(), () -> new SpillFile(server.io(), site.loop(), server.temporaryFiles(),
						() -> owner.run(this::onSpillProgress)));
		if (head.expectContinue() && head.http11()) {
			site.responses().interim(CONTINUE.duplicate()); // an HTTP/1.0 client knows no
															// 1xx
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

	private void dispatch(RequestBody complete) {
		requestBody = complete;
		request = new Request(head, complete, site.remote(), site.local(), target.route(), target.pathVariables(),
				site.tls().get());
		Handler handler = target.handler();
		if (!handler.blocking()) {
			respond(Invocation.run(handler, request, target.route(), site.events()));
			return;
		}
		Duration timeout = handler.timeout();
		owner.handling((timeout != null ? timeout : server.config().timeouts().handler()).toNanos());
		EventLoop loop = site.loop();
		try {
			String route = target.route();
			handlerRun = server.submitHandler(() -> {
				Invocation result = Invocation.run(handler, request, route, site.events());
				loop.execute(() -> owner.run(() -> handlerDone(result)));
			});
		}
		catch (RejectedExecutionException e) {
			// the worker queue is full: a clear answer, the connection kept
			respond(new Invocation(Response.error(Status.SERVICE_UNAVAILABLE).header("Retry-After", "1"), null));
		}
	}

	private void handlerDone(Invocation result) {
		if (answered) {
			site.responses().discard(result.response()); // answered already (timeout,
															// close)
			return;
		}
		respond(result);
		owner.resume();
	}

	private void respond(Invocation result) {
		answered = true;
		error = result.error();
		Response response = Misdirected.hsts(
				ErrorPages.apply(result.response(), target.server(), head.headers().get("Accept"), head.path()),
				site.tls().get(), target.server(), site.listener());
		queued = site.responses().queue(response, head, owner.keepAlive());
		site.responses().whenSent(this);
		owner.responded(queued.keepAlive());
	}

	/**
	 * The connection fails this exchange: answers {@code status} unless a response is
	 * already on its way; drops the body, interrupts the handler.
	 */
	void failed(int status) {
		stop();
		if (!answered) {
			answered = true;
			queued = site.responses()
				.queue(ErrorPages.apply(Response.error(status), target.server(), head.headers().get("Accept"),
						head.path()), head, false);
			site.responses().whenSent(this);
		}
	}

	/** The connection closed before the exchange was answered. */
	void abandoned() {
		answered = true;
		stop();
		completed(CLIENT_CLOSED, owner.closeCause(), 0, 0);
	}

	/** Drops the body being read and interrupts a handler still running. */
	private void stop() {
		if (body != null) {
			body.discard();
			body = null;
		}
		if (handlerRun != null) {
			handlerRun.cancel(true);
		}
	}

	@Override
	public void sent() {
		completed(queued.status(), error, site.responses().sent(queued), site.responses().bodySent(queued));
	}

	@Override
	public void dropped() {
		Throwable cause = owner.closeCause();
		int status = cause instanceof Output.SourceException ? queued.status() : CLIENT_CLOSED;
		completed(status, cause != null ? cause : error, site.responses().sent(queued),
				site.responses().bodySent(queued));
	}

	/** Deletes the body's temporary files on the I/O executor, never on the loop. */
	private void discardOffLoop(RequestBody done) {
		try {
			server.io().execute(done::discard);
		}
		catch (RejectedExecutionException stopping) {
			done.discard();
		}
	}

	private void completed(int status, Throwable failure, long bytesSent, long bodyBytesSent) {
		if (!open) {
			return;
		}
		open = false;
		if (requestBody != null) {
			discardOffLoop(requestBody);
		}
		server.requestEnded();
		site.events()
			.requestCompleted(new RequestLog(site.listener().name(), head.method(), target.route(), status,
					System.nanoTime() - startedAt, failure, bytesSent));
		Request logged = request != null ? request : new Request(head, RequestBody.EMPTY, site.remote(), site.local(),
				target.route(), target.pathVariables(), site.tls().get());
		site.logAccess(number, target.server(), logged, status, bytesSent, bodyBytesSent, startedAt);
	}

}
