package dev.webserv.connection;

import java.nio.ByteBuffer;

import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.TlsInfo;
import dev.webserv.Response;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.handler.ErrorPages;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.Target;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.tls.Misdirected;
import dev.webserv.writer.Output;

/**
 * One request and its answer, as its {@link Connection} sees it: the routed head, its
 * body, the handler call, the response, and the completion event. A connection makes one
 * per request head ({@link #create}) and feeds it; an exchange never touches the socket.
 * Two kinds: a {@link BufferedExchange} collects the whole body and calls a
 * {@link dev.webserv.Handler}; a {@link StreamingExchange} calls an
 * {@link dev.webserv.ExchangeHandler} at the head and streams both ways with demand.
 * <p>
 * <b>Threads.</b> Everything here runs on the connection's event loop; work done
 * elsewhere (a blocking handler, an exchange handler's own threads) comes back through
 * {@link dev.webserv.eventloop.EventLoop#execute} and {@link Owner#run}.
 * <p>
 * <b>Buffers.</b> Body bytes arrive in the loop's shared read buffer, valid only during
 * {@link #consume}: what an exchange keeps, it copies. Responses go to the connection's
 * {@link dev.webserv.writer.Output}, which owns their bytes, files and streams from then
 * on.
 * <p>
 * <b>Completion.</b> {@code requestCompleted} and the access record fire exactly once per
 * exchange, on the loop ({@link #completed}): when the last byte of its response has been
 * written (an {@link dev.webserv.writer.Output.Sent} mark), with the real duration and
 * bytes; or when it fails; or with 499 when the connection ends first. A TLS transport
 * sits below the connection: exchanges see plain bytes either way.
 */
abstract class Exchange {

	/** The connection side of an exchange: how it moves the connection's states. */
	interface Owner {

		/** Whether the connection may serve another request after this one, so far. */
		boolean keepAlive();

		/** The head asked for a body: reading it. */
		void receivingBody();

		/** The whole body arrived; it is still being written to its spill file. */
		void spooling();

		/**
		 * A blocking handler was handed to a worker, or a {@code limit_req} delay began:
		 * the exchange may take this long before it answers.
		 */
		void handling(long timeoutNanos);

		/** An exchange handler took the exchange: it streams until it ends. */
		void streaming();

		/** The response was queued; the connection stays open if {@code keepAlive}. */
		void responded(boolean keepAlive);

		/** Answers {@code status} and closes (through {@link Exchange#failed}). */
		void fail(int status);

		/** Closes the connection at once, sending nothing more. */
		void abort(Throwable cause);

		/** Something finished off the loop's read path: flush and move on. */
		void resume();

		/**
		 * Runs a task for this exchange on the loop: whatever it throws costs this
		 * connection (a 500 if nothing was answered yet), never the loop.
		 */
		void run(Runnable task);

		/** Why the connection ended: null when the client closed it. */
		Throwable closeCause();

		/** The connection's addresses and TLS, as its requests carry them. */
		Request.Origin origin();

	}

	static final int CLIENT_CLOSED = 499;

	// set by start(): an exchange that runs on the loop alone may be started again
	// (BufferedExchange's recycling)

	Site site;

	Owner owner;

	ServerRuntime server;

	RequestHead head;

	Target target;

	private long startedAt;

	private int number;

	private boolean open;

	/**
	 * @param startedAt when the first byte of the head arrived (nanoTime)
	 * @param number which request of its connection this is, from 1
	 */
	Exchange(Site site, Owner owner, RequestHead head, Target target, long startedAt, int number) {
		start(site, owner, head, target, startedAt, number);
	}

	/** Makes this the exchange of {@code head}: what the constructor does. */
	final void start(Site site, Owner owner, RequestHead head, Target target, long startedAt, int number) {
		this.site = site;
		this.owner = owner;
		this.server = site.server();
		this.head = head;
		this.target = target;
		this.startedAt = startedAt;
		this.number = number;
		this.open = true;
		server.requestStarted();
		site.events().requestStarted(site.listener().name());
	}

	/** Routes the head and makes the exchange its target asks for; call begin() next. */
	static Exchange create(Site site, Owner owner, RequestHead head, long startedAt, int number) {
		Target target = site.hosts().select(head.host()).match(head.method(), head.path());
		if (target.exchange() != null) {
			return new StreamingExchange(site, owner, head, target, startedAt, number);
		}
		return BufferedExchange.of(site, owner, head, target, startedAt, number);
	}

	/** Checks the head's expectations, then reads the body or calls the handler. */
	abstract void begin();

	/**
	 * Takes body bytes from {@code in} (valid only during this call), as far as the
	 * exchange wants them.
	 */
	abstract void consume(ByteBuffer in);

	/** Whether the exchange takes body bytes now. */
	abstract boolean wantsBody();

	/** Body bytes received so far. */
	abstract long bodyReceived();

	/**
	 * The connection fails this exchange: answers {@code status} unless a response is
	 * already on its way, then the connection closes.
	 */
	abstract void failed(int status);

	/** The connection closed before the exchange was answered. */
	abstract void abandoned();

	/** A deadline of the exchange's own that passed at {@code now}, or null. */
	Deadlines.Expired expired(long now) {
		return null;
	}

	/**
	 * Refuses a head the exchange cannot take: an expectation other than 100-continue
	 * (417), a declared body over the limit (413).
	 * @return whether it was refused (the connection is failing it)
	 */
	boolean refused() {
		if (Misdirected.check(site.tls().get(), head.host(), site.hosts())) {
			owner.fail(421);
			return true;
		}
		String expect = head.headers().get("Expect");
		if (expect != null && !head.expectContinue()) {
			owner.fail(417);
			return true;
		}
		long limit = target.maxBodySize();
		if (head.hasBody() && limit > 0 && head.contentLength() > limit) {
			site.events().parseError(site.listener().name(), RejectionReason.BODY_TOO_LARGE);
			owner.fail(413);
			return true;
		}
		return false;
	}

	/** The error page of the target's server for {@code status}, finished. */
	Response errorPage(int status) {
		return finished(Response.error(status));
	}

	/** The head without its body, as its real client made it (behind trusted proxies). */
	Request headOnly() {
		return server
			.realClient(new Request(head, RequestBody.EMPTY, owner.origin(), target.route(), target.pathVariables()));
	}

	/**
	 * What every answer of the target's server gets on its way out: its error page in
	 * place of an error status's body, and HSTS over TLS (whatever the status, as nginx's
	 * {@code add_header ... always}).
	 */
	Response finished(Response response) {
		Response page = response.errorPageAllowed()
				? ErrorPages.apply(response, target.server(), head.headers().get("Accept"), head.path()) : response;
		TlsInfo tls = site.tls().get();
		// over plain TCP there is nothing to add: the response keeps its lone
		// Content-Type
		return tls == null ? page : Misdirected.hsts(page, tls, target.server(), site.listener());
	}

	/**
	 * Answers with the error page for {@code status}, closing; the exchange completes
	 * when its last byte is written (499 when the client left first).
	 */
	void answerError(int status, Throwable cause) {
		ResponseQueue responses = site.responses();
		ResponseQueue.Queued queued = responses.queue(errorPage(status), head, false);
		responses.whenSent(new Output.Sent() {
			@Override
			public void sent() {
				completed(queued.status(), cause, responses.sent(queued), responses.bodySent(queued), null);
			}

			@Override
			public void dropped() {
				completed(CLIENT_CLOSED, cause, responses.sent(queued), responses.bodySent(queued), null);
			}
		});
	}

	/** Whether the completion event has fired. */
	boolean over() {
		return !open;
	}

	/**
	 * Tells the events and the access log that the exchange is over; only the first call
	 * counts.
	 * @param request the request as the handler saw it, or null to log the head alone
	 * @return whether this call was the first
	 */
	boolean completed(int status, Throwable failure, long bytesSent, long bodyBytesSent, Request request) {
		if (!open) {
			return false;
		}
		open = false;
		server.requestEnded();
		// with no listener, no record is made for none to read
		boolean heard = server.events() != ServerEvents.NONE;
		if (heard) {
			site.events()
				.requestCompleted(new RequestLog(site.listener().name(), head.method(), target.route(), status,
						site.loop().freshNow() - startedAt, failure, bytesSent));
		}
		if (request != null) {
			server.endRequest(request); // limit_conn slots are released here
		}
		if (heard) {
			Request logged = request != null ? request : headOnly();
			site.logAccess(number, target.server(), logged, status, bytesSent, bodyBytesSent, startedAt);
		}
		return true;
	}

}
