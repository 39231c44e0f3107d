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
import dev.webserv.config.Timeouts;
import dev.webserv.eventloop.FailureLog;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.Target;
import dev.webserv.writer.Output;

/**
 * An exchange answered by an {@link dev.webserv.ExchangeHandler}, called on the loop as
 * soon as the head is parsed: the body streams in with demand ({@link BodyPublisher}),
 * the response streams out ({@link ResponseStream}). Calls from other threads hop onto
 * the loop ({@link Hops}). The connection stays in STREAMING until {@link #end()} is
 * called; pipelined requests wait meanwhile.
 * <p>
 * Deadlines of its own ({@link #expired}): the body demanded but not arriving (408); no
 * progress (a body buffer, demand, a call of the handler's, bytes reaching the socket)
 * for the handler timeout before the commit, for the idle timeout after it, while no
 * output waits for the client (503, or a close once committed). Completion fires when the
 * last byte of the response is written, or when the exchange fails or is abandoned (499
 * when the client left).
 */
final class StreamingExchange extends Exchange implements HttpExchange {

	private static final Logger LOG = Logger.getLogger(StreamingExchange.class.getName());

	private final Hops hops;

	private final BodyPublisher body;

	private final ResponseStream response;

	private final Timeouts timeouts;

	private Consumer<Throwable> abortCallback;

	private boolean abortTold;

	private Throwable abortCause;

	/** No more response calls are taken: ended, failed, aborted or abandoned. */
	private boolean done;

	private boolean ended;

	private CompletableFuture<Void> endFuture;

	private Throwable abortedBy;

	private ResponseQueue.Queued errorPage;

	private long lastProgress = System.nanoTime();

	StreamingExchange(Site site, Owner owner, RequestHead head, Target target, long startedAt, int number) {
		super(site, owner, head, target, startedAt, number);
		this.timeouts = server.config().timeouts();
		this.hops = new Hops(site.loop(), owner, this::abortNow);
		BodyFraming framing = head.hasBody() ? new BodyFraming(head, target.maxBodySize(), server.config().limits())
				: null;
		this.body = new BodyPublisher(framing, hops, new BodyEvents());
		this.response = new ResponseStream(site.responses(), head, this::progress);
	}

	@Override
	void begin() {
		if (refused()) {
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

	private void progress() {
		lastProgress = System.nanoTime();
	}

	// the connection's side

	@Override
	void consume(ByteBuffer in) {
		progress();
		body.consume(in);
	}

	@Override
	boolean wantsBody() {
		return !done && body.wantsBytes();
	}

	@Override
	long bodyReceived() {
		return body.received();
	}

	@Override
	Deadlines.Expired expired(long now) {
		if (done) {
			return null;
		}
		long quiet = now - lastProgress;
		if (body.wantsBytes() && quiet > timeouts.body().toNanos()) {
			return Deadlines.Expired.BODY;
		}
		if (response.sending()) {
			return null; // the write deadlines judge the client
		}
		long allowed = (response.committed() ? timeouts.idle() : timeouts.handler()).toNanos();
		return quiet > allowed ? Deadlines.Expired.HANDLER : null;
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
			errorPage = site.responses().queue(errorPage(status), head, false);
			site.responses().whenSent(new Output.Sent() {
				@Override
				public void sent() {
					completed(errorPage.status(), cause, site.responses().sent(errorPage),
							site.responses().bodySent(errorPage), null);
				}

				@Override
				public void dropped() {
					completed(CLIENT_CLOSED, cause, site.responses().sent(errorPage),
							site.responses().bodySent(errorPage), null);
				}
			});
			tellAbort(cause);
			return;
		}
		abortedBy = cause;
		tellAbort(cause);
		completed(response.status(), cause, response.sent(), response.bodySent(), null);
		owner.abort(cause);
	}

	@Override
	void abandoned() {
		done = true;
		Throwable cause = owner.closeCause();
		body.fail(cause != null ? cause : new IOException("the client closed the connection"));
		tellAbort(abortedBy != null ? abortedBy : cause);
		finish();
	}

	/** Logs an exchange that ended without its last byte written. */
	private void finish() {
		int status = abortedBy == null ? CLIENT_CLOSED : response.committed() ? response.status() : 500;
		completed(status, abortedBy != null ? abortedBy : owner.closeCause(), response.sent(), response.bodySent(),
				null);
	}

	private void tellAbort(Throwable cause) {
		if (abortTold) {
			return;
		}
		abortTold = true;
		abortCause = cause;
		if (abortCallback != null) {
			callAbort(abortCallback);
		}
	}

	private void callAbort(Consumer<Throwable> callback) {
		try {
			callback.accept(abortCause);
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			LOG.log(Level.WARNING, "onAbort callback of " + head.method() + " " + head.target() + " failed", e);
		}
	}

	/** Closes the connection for the handler: nothing more is sent. */
	private void abortNow(Throwable cause) {
		if (done && (ended || over())) {
			return; // the exchange is over, or its last bytes are on their way
		}
		if (abortedBy == null) {
			abortedBy = cause != null ? cause : new IOException("the exchange handler aborted");
		}
		done = true;
		body.fail(abortedBy);
		tellAbort(abortedBy);
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
		return site.remote();
	}

	@Override
	public InetSocketAddress localAddress() {
		return site.local();
	}

	@Override
	public String scheme() {
		return "http";
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
		CompletableFuture<Void> result = new CompletableFuture<>();
		if (!hops.run(() -> ending(result))) {
			result.completeExceptionally(new RejectedExecutionException("the exchange's event loop refused the call"));
		}
		return result;
	}

	@Override
	public void onAbort(Consumer<Throwable> callback) {
		hops.run(() -> {
			if (abortTold) {
				callAbort(callback);
			}
			else {
				abortCallback = callback;
			}
		});
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
		CompletableFuture<Void> result = new CompletableFuture<>();
		if (!hops.run(() -> perform(step, result))) {
			result.completeExceptionally(new RejectedExecutionException("the exchange's event loop refused the call"));
		}
		return result;
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
		// a body nobody asked for will not be read: say the connection closes
		response.commit(ending, owner.keepAlive() && !body.unclaimed());
	}

	private void ending(CompletableFuture<Void> result) {
		if (done) {
			if (endFuture != null) {
				endFuture.whenComplete((ok, e) -> relay(result, e));
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
		done = true;
		ended = true;
		endFuture = result;
		boolean bodyLeft = body.unfinished();
		if (bodyLeft) {
			body.fail(new IOException("the response ended before the request body was read"));
		}
		site.responses().whenSent(new EndMark());
		owner.responded(response.keepAlive() && !bodyLeft);
		owner.resume();
	}

	private static void relay(CompletableFuture<Void> to, Throwable failure) {
		if (failure == null) {
			to.complete(null);
		}
		else {
			to.completeExceptionally(failure);
		}
	}

	/** The last byte of the response was written, or will never be. */
	private final class EndMark implements Output.Sent {

		@Override
		public void sent() {
			completed(response.status(), null, response.sent(), response.bodySent(), null);
			endFuture.complete(null);
		}

		@Override
		public void dropped() {
			Throwable cause = owner.closeCause();
			tellAbort(abortedBy != null ? abortedBy : cause);
			finish();
			endFuture.completeExceptionally(
					cause != null ? cause : new IOException("the client closed the connection before the end"));
		}

	}

	/** What the body publisher tells this exchange. */
	private final class BodyEvents implements BodyPublisher.Events {

		@Override
		public void firstDemand() {
			if (head.expectContinue() && head.http11() && !response.committed() && !done) {
				site.responses().interim(BufferedExchange.CONTINUE.duplicate());
			}
		}

		@Override
		public void progress() {
			StreamingExchange.this.progress();
			owner.resume();
		}

		@Override
		public void subscriberFailed(Throwable error) {
			LOG.log(Level.WARNING, "request body subscriber of " + head.method() + " " + head.target() + " failed",
					error);
			failWith(error);
		}

	}

}
