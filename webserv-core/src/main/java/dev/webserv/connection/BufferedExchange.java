package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.access.RateLimited;
import dev.webserv.config.Limits;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.LoopStopped;
import dev.webserv.files.StorageFailures;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.Target;
import dev.webserv.writer.Output;

/**
 * An exchange answered by a {@link Handler}: the whole body is collected first (in
 * memory, or a spill file written off the loop), then the handler runs, on the loop when
 * it never blocks, else on a worker that hands its response back through
 * {@link EventLoop#execute}. A result that comes back after the exchange was answered
 * (timeout, the client gone) is dropped and its stream closed off the loop; when the
 * client leaves or the handler times out, the worker is interrupted. A location's
 * {@code limit_req} decision is taken here, once, before the handler; its delay is waited
 * out on the server's timer, holding no thread, and cancelled like a handler's run. The
 * request body, and its temporary file, live until the exchange completes, so a response
 * may be built from them.
 * <p>
 * <b>Reuse.</b> An exchange whose request had no body and whose handler answered on the
 * loop is, once complete, kept among its loop's spares and started again for a later head
 * (of any connection of that loop): nothing else holds it then (no worker, spill file or
 * callback), and what the handler saw (the {@link Request}, its head, the
 * {@link Response}) is never reused, so a handler may keep any of it.
 */
final class BufferedExchange extends Exchange implements Output.Sent {

	/** Spare exchanges a loop keeps. */
	static final int SPARES = 64;

	static final ByteBuffer CONTINUE = ByteBuffer
		.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

	private Request request;

	private BodyReader body;

	private RequestBody requestBody;

	private Future<?> handlerRun;

	private final ResponseQueue.Queued queued = new ResponseQueue.Queued();

	private Throwable error;

	private boolean answered;

	/** whether nothing but this exchange holds it once complete: it may be reused */
	private boolean reusable;

	private BufferedExchange(Site site, Owner owner, RequestHead head, Target target, long startedAt, int number) {
		super(site, owner, head, target, startedAt, number);
	}

	/** A spare of the site's loop started for this head, or a new exchange. */
	static BufferedExchange of(Site site, Owner owner, RequestHead head, Target target, long startedAt, int number) {
		BufferedExchange spare = LoopCaches.of(site.loop()).exchanges().pollFirst();
		if (spare == null) {
			return new BufferedExchange(site, owner, head, target, startedAt, number);
		}
		spare.start(site, owner, head, target, startedAt, number);
		return spare;
	}

	@Override
	void begin() {
		if (refused()) {
			return;
		}
		if (!head.hasBody()) {
			dispatch(RequestBody.EMPTY);
			return;
		}
		Limits limits = server.config().limits();
		body = new BodyReader(new BodyFraming(head, target.maxBodySize(), limits), limits.bodyMemoryThreshold(),
				() -> new SpillFile(server.io(), site.loop().returns(), server.temporaryFiles(),
						() -> owner.run(this::onSpillProgress)));
		if (head.expectContinue() && head.http11()) {
			site.responses().interim(CONTINUE.duplicate()); // HTTP/1.0 knows no 1xx
		}
		owner.receivingBody();
	}

	/**
	 * Takes body bytes from {@code in}; the exchange moves on once the whole body has
	 * arrived.
	 */
	@Override
	void consume(ByteBuffer in) {
		if (body.consume(in)) {
			owner.spooling();
			bodyArrived();
		}
	}

	/** Whether the body is taking bytes now (not paused on a busy spill file). */
	@Override
	boolean wantsBody() {
		return body != null && !body.backlogged();
	}

	@Override
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
		request = new Request(head, complete, owner.origin(), target.route(), target.pathVariables());
		request = server.beginRequest(request); // the real client, behind trusted proxies
		Handler handler = target.handler();
		if (handler instanceof RateLimited limited) {
			handler = takeTurn(limited);
		}
		if (handler != null) {
			run(handler);
		}
	}

	/**
	 * Counts the request in its {@code limit_req} zone, once: the handler to run now, or
	 * null when the request was refused or waits its turn.
	 */
	private Handler takeTurn(RateLimited limited) {
		RateLimited.Turn turn;
		try {
			turn = limited.take(request);
		}
		catch (Throwable e) {
			respond(Invocation.failed(e, request, target.route(), site.events()));
			return null;
		}
		if (turn.refusal() != null) {
			respond(turn.refusal(), null);
			return null;
		}
		if (turn.delayMillis() <= 0) {
			return turn.next();
		}
		waitTurn(turn.delayMillis(), turn.next());
		return null;
	}

	/**
	 * Waits out a {@code limit_req} delay on the server's timer, holding no thread: in
	 * HANDLING meanwhile, due after the delay and the handler's timeout; a client that
	 * leaves cancels the wait ({@link #stop}).
	 */
	private void waitTurn(long delayMillis, Handler next) {
		owner.handling(TimeUnit.MILLISECONDS.toNanos(delayMillis) + timeoutNanos(next));
		Executor loop = site.loop().returns();
		Owner seat = owner;
		try {
			handlerRun = server.timer().schedule(() -> {
				try {
					loop.execute(() -> seat.run(() -> turnCame(next)));
				}
				catch (RejectedExecutionException loopDied) {
					// its connections are closed with it
				}
			}, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopping) {
			respond(unavailable());
		}
	}

	private void turnCame(Handler next) {
		if (answered) {
			return; // timed out or closed meanwhile
		}
		handlerRun = null;
		run(next);
		owner.resume();
	}

	private void run(Handler handler) {
		if (!handler.blocking()) {
			reusable = requestBody == RequestBody.EMPTY;
			Response response;
			try {
				response = Invocation.answer(handler, request, target.route());
			}
			catch (Throwable e) {
				respond(Invocation.failed(e, request, target.route(), site.events()));
				return;
			}
			respond(response, null);
			return;
		}
		owner.handling(timeoutNanos(handler));
		EventLoop loop = site.loop();
		try {
			String route = target.route();
			handlerRun = server.submitHandler(() -> {
				Invocation result = Invocation.run(handler, request, route, site.events());
				loop.returns().execute(() -> owner.run(() -> handlerDone(result)));
			});
		}
		catch (RejectedExecutionException e) {
			// the worker queue is full: a clear answer, the connection kept
			respond(unavailable());
		}
	}

	/** A 503 for work the server cannot take now: the connection kept. */
	private static Invocation unavailable() {
		return new Invocation(Response.error(Status.SERVICE_UNAVAILABLE).header("Retry-After", "1"), null);
	}

	private long timeoutNanos(Handler handler) {
		Duration timeout = handler.timeout();
		return (timeout != null ? timeout : server.config().timeouts().handler()).toNanos();
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
		respond(result.response(), result.error());
	}

	private void respond(Response response, Throwable failure) {
		answered = true;
		error = failure;
		site.responses().queue(finished(response), head, owner.keepAlive(), queued);
		site.responses().whenSent(this);
		owner.responded(queued.keepAlive());
	}

	/**
	 * Answers {@code status} unless a response is already on its way; drops the body,
	 * interrupts the handler.
	 */
	@Override
	void failed(int status) {
		reusable = false;
		stop();
		if (!answered) {
			answered = true;
			site.responses().queue(errorPage(status), head, false, queued);
			site.responses().whenSent(this);
		}
	}

	@Override
	void abandoned() {
		reusable = false;
		answered = true;
		stop();
		Throwable cause = owner.closeCause();
		complete(cause instanceof LoopStopped ? 500 : CLIENT_CLOSED, cause, 0, 0);
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
		complete(queued.status(), error, site.responses().sent(queued), site.responses().bodySent(queued));
	}

	@Override
	public void dropped() {
		reusable = false; // its connection is closing: nothing to gain
		Throwable cause = owner.closeCause();
		int status = cause instanceof Output.SourceException || cause instanceof LoopStopped ? queued.status()
				: CLIENT_CLOSED;
		complete(status, cause != null ? cause : error, site.responses().sent(queued),
				site.responses().bodySent(queued));
	}

	private void complete(int status, Throwable failure, long bytesSent, long bodyBytesSent) {
		if (!completed(status, failure, bytesSent, bodyBytesSent, request)) {
			return;
		}
		if (requestBody != null && requestBody.holdsFiles()) {
			discardOffLoop(requestBody);
		}
		if (reusable) {
			reuseLater();
		}
	}

	/** Forgets this request and joins the loop's spares. */
	private void reuseLater() {
		ArrayDeque<BufferedExchange> spares = LoopCaches.of(site.loop()).exchanges();
		request = null;
		requestBody = null;
		error = null;
		answered = false;
		reusable = false;
		queued.forget();
		head = null;
		target = null;
		site = null;
		owner = null;
		if (spares.size() < SPARES) {
			spares.addFirst(this);
		}
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

}
