package dev.webserv.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.Headers;
import dev.webserv.HttpExchange;
import dev.webserv.Request;
import dev.webserv.TlsInfo;
import dev.webserv.access.GuardedExchange;
import dev.webserv.eventloop.FailureLog;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.Target;
import dev.webserv.tls.Misdirected;
import dev.webserv.writer.Output;

/**
 * An exchange answered by an {@link dev.webserv.ExchangeHandler}, called on the loop as
 * soon as the head is parsed: the body streams in with demand ({@link BodyPublisher}),
 * the response streams out ({@link ResponseStream}). Calls from other threads hop onto
 * the loop ({@link Hops}). The connection stays in STREAMING until {@link #end()} is
 * called and the rest of a body left unread is dropped ({@link BodyDiscard}); pipelined
 * requests wait meanwhile.
 * <p>
 * Deadlines of its own ({@link #expired}): the body demanded but not arriving (408); no
 * progress (a body buffer, demand, a call of the handler's, bytes reaching the socket)
 * for the handler timeout before the commit, for the idle timeout after it, while no
 * output waits for the client (503, or a close once committed). Completion fires when the
 * last byte of the response is written, or when the exchange fails or is abandoned (499
 * when the client left).
 */
final class StreamingExchange extends Exchange implements HttpExchange, BodyPublisher.Events, ResponseEnd.Outcome {

	private static final Logger LOG = Logger.getLogger(StreamingExchange.class.getName());

	private final Hops hops;

	private final BodyPublisher body;

	private final ResponseStream response;

	private final AbortSignal abortSignal;

	/** No more response calls are taken: ended, failed, aborted or abandoned. */
	private boolean done;

	/** What follows end(), once it was called; else null. */
	private ResponseEnd end;

	private Throwable abortedBy;

	/** The rest of a body left unread at the end, being dropped; or null. */
	private BodyDiscard discard;

	private final StreamClock clock;

	/** The head as its real client made it (behind trusted proxies). */
	private final Request client;

	StreamingExchange(Site site, Owner owner, RequestHead head, Target target, long startedAt, int number) {
		super(site, owner, head, target, startedAt, number);
		this.clock = new StreamClock(server.config().timeouts(), site.loop().now());
		this.hops = new Hops(site.loop(), owner, this::abortNow);
		BodyFraming framing = head.hasBody() ? new BodyFraming(head, target.maxBodySize(), server.config().limits())
				: null;
		this.body = new BodyPublisher(framing, head.expectContinue() && head.http11(), hops, this);
		this.response = new ResponseStream(site.responses(), head, this::progress);
		this.abortSignal = new AbortSignal(() -> head.method() + " " + head.target(), this::abortNow);
		this.client = headOnly();
	}

	@Override
	void begin() {
		if (refused()) {
			return;
		}
		if (target.exchange() instanceof GuardedExchange guarded && !guarded.admits(client)) {
			owner.fail(403); // the server's deny, with its error page
			return;
		}
		owner.streaming();
		try {
			target.exchange().handle(this);
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			LOG.log(Level.WARNING, "exchange handler for " + head.method() + " " + head.target() + " (route "
					+ target.route() + ") failed", e);
			site.events().handlerFailed(target.route(), e);
			failWith(e);
		}
	}

	/**
	 * What went wrong in the handler's code: a 500 if nothing was committed, else a
	 * close.
	 */
	private void failWith(Throwable e) {
		if (done) {
			return;
		}
		if (!response.committed()) {
			owner.fail(500);
		}
		else {
			abortNow(e);
		}
		owner.resume();
	}

	// the connection's side

	@Override
	void consume(ByteBuffer in) {
		if (discard != null) {
			discard.drop(in);
			return;
		}
		progress();
		body.consume(in);
	}

	@Override
	boolean wantsBody() {
		return discard != null || !done && body.wantsBytes();
	}

	@Override
	long bodyReceived() {
		return body.received();
	}

	@Override
	Deadlines.Expired expired(long now) {
		if (discard != null) {
			return discard.expired(now) ? Deadlines.Expired.BODY : null; // closes after
																			// the
																			// response
		}
		return done ? null
				: clock.expired(now, body.wantsBytes(), body.received(), response.committed(), response.sending());
	}

	@Override
	void failed(int status) {
		if (done) {
			return;
		}
		done = true;
		Throwable cause = status == 408 || status == 503 ? new TimeoutException("exchange timed out: " + status)
				: new IOException("the exchange failed with status " + status);
		body.fail(cause);
		if (!response.committed()) {
			answerError(status, cause);
			abortSignal.tell(cause);
			return;
		}
		abortedBy = cause;
		abortSignal.tell(cause);
		completed(response.status(), cause, response.sent(), response.bodySent(), null);
		owner.abort(cause);
	}

	@Override
	void abandoned() {
		if (end != null) {
			return; // its end tells how it went
		}
		done = true;
		serverCut();
		Throwable cause = owner.closeCause();
		body.fail(cause != null ? cause : new IOException("the client closed the connection"));
		abortSignal.tell(abortedBy != null ? abortedBy : cause);
		finish();
	}

	/**
	 * Whether the server cut the exchange, not the client: its loop stopped (closing
	 * every connection), or the response's source failed (a file region that shrank).
	 */
	private void serverCut() {
		if (abortedBy != null) {
			return;
		}
		if (owner.closeCause() instanceof Output.SourceException failed) {
			abortedBy = failed;
		}
		else if (!site.loop().isAlive()) {
			abortedBy = new IOException("the server stopped before the response ended");
		}
	}

	/** Logs an exchange that ended without its last byte written. */
	private void finish() {
		int status = abortedBy == null ? CLIENT_CLOSED : response.committed() ? response.status() : 500;
		completed(status, abortedBy != null ? abortedBy : owner.closeCause(), response.sent(), response.bodySent(),
				null);
	}

	/** Closes the connection for the handler: nothing more is sent. */
	private void abortNow(Throwable cause) {
		if (done) {
			return; // ended (its last bytes on their way), failed or closed already
		}
		if (abortedBy == null) {
			abortedBy = cause != null ? cause : new IOException("the exchange handler aborted");
		}
		done = true;
		body.fail(abortedBy);
		abortSignal.tell(abortedBy);
		finish();
		owner.abort(abortedBy);
	}

	// the handler's side

	@Override
	public Request.Head head() {
		return head;
	}

	@Override
	public InetSocketAddress remoteAddress() {
		return client.remoteAddress();
	}

	@Override
	public InetSocketAddress localAddress() {
		return site.local();
	}

	@Override
	public String scheme() {
		return client.scheme();
	}

	@Override
	public TlsInfo tls() {
		return client.tls();
	}

	@Override
	public long requestContentLength() {
		return head.chunked() ? -1 : Math.max(0, head.contentLength());
	}

	@Override
	public Flow.Publisher<ByteBuffer> requestBody() {
		return body;
	}

	@Override
	public Headers responseHeaders() {
		return response.headers();
	}

	@Override
	public void status(int status) {
		if (status < 200 || status > 599) {
			throw new IllegalArgumentException("not a final status (200-599): " + status);
		}
		if (response.committed()) {
			throw new IllegalStateException("the response is committed");
		}
		response.status(status);
	}

	@Override
	public boolean committed() {
		return response.committed();
	}

	@Override
	public CompletableFuture<Void> write(ByteBuffer data) {
		return call(done -> response.write(data, done));
	}

	@Override
	public CompletableFuture<Void> write(Path file, long offset, long length) {
		return call(done -> response.write(file, offset, length, done));
	}

	@Override
	public CompletableFuture<Void> flush() {
		return call(response::whenSent);
	}

	@Override
	public CompletableFuture<Void> end() {
		return hops.call(this::ending);
	}

	@Override
	public void onAbort(Consumer<Throwable> callback) {
		if (!hops.run(() -> abortSignal.register(callback))) {
			// the loop is gone (or refused the call): the exchange is over, tell it now
			abortSignal.tellOffLoop(callback, new RejectedExecutionException("the exchange's event loop is gone"));
		}
	}

	@Override
	public void abort(Throwable cause) {
		hops.run(() -> abortNow(cause));
	}

	/** One step of the response on the loop. */
	private interface Step {

		void run(CompletableFuture<Void> done) throws IOException;

	}

	private CompletableFuture<Void> call(Step step) {
		return hops.call(result -> perform(step, result));
	}

	private void perform(Step step, CompletableFuture<Void> result) {
		if (done) {
			result.completeExceptionally(new IOException("the exchange is over"));
			return;
		}
		progress();
		try {
			commit(false);
			step.run(result);
		}
		catch (IOException e) {
			result.completeExceptionally(e); // a file that cannot be sent: the handler
												// decides
		}
		catch (RuntimeException e) {
			result.completeExceptionally(e);
			failWith(e);
		}
		owner.resume();
	}

	private void commit(boolean ending) {
		// a body that will not be read (unclaimed, not droppable): the connection closes
		Misdirected.hsts(response.headers(), site.tls().get(), target.server(), site.listener());
		response.commit(ending, owner.keepAlive() && (!body.unclaimed() || body.discardable()));
	}

	private void ending(CompletableFuture<Void> result) {
		if (done) {
			if (end != null) {
				end.relay(result);
			}
			else {
				result.completeExceptionally(new IOException("the exchange is over"));
			}
			return;
		}
		progress();
		try {
			commit(true);
			response.end();
		}
		catch (RuntimeException e) {
			result.completeExceptionally(e);
			failWith(e);
			return;
		}
		done = true; // from here a subscriber that throws is only logged
		end = new ResponseEnd(result, this);
		site.responses().whenSent(end);
		boolean bodyLeft = body.unfinished();
		if (bodyLeft) {
			body.fail(new IOException("the response ended before the request body was read"));
		}
		if (bodyLeft && response.keepAlive() && owner.keepAlive() && body.discardable()) {
			discard = body.discard(owner, site.loop().now() + server.config().timeouts().body().toNanos());
		}
		else {
			owner.responded(response.keepAlive() && !bodyLeft);
		}
		owner.resume();
	}

	@Override
	public void written() {
		completed(response.status(), null, response.sent(), response.bodySent(), null);
	}

	@Override
	public Throwable lost() {
		serverCut();
		Throwable cause = owner.closeCause();
		abortSignal.tell(abortedBy != null ? abortedBy : cause);
		finish();
		return cause;
	}

	// what the body publisher tells this exchange

	@Override
	public boolean firstDemand() {
		if (head.expectContinue() && head.http11() && !response.committed() && !done) {
			site.responses().interim(BufferedExchange.CONTINUE.duplicate());
			return true;
		}
		return false;
	}

	@Override
	public void progress() {
		clock.progress(site.loop().now(), body.wantsBytes());
		owner.resume();
	}

	@Override
	public void subscriberFailed(Throwable error) {
		LOG.log(Level.WARNING, "request body subscriber of " + head.method() + " " + head.target() + " failed", error);
		failWith(error);
	}

}
