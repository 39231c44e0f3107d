package dev.webserv.connection;

import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.eventloop.FailureLog;
import dev.webserv.events.ServerEvents;

/**
 * One call of a handler: its response, or a 500 and the exception (logged here, never
 * sent to the client).
 */
record Invocation(Response response, Throwable error) {

	private static final Logger LOG = Logger.getLogger(Invocation.class.getName());

	static Invocation run(Handler handler, Request request, String route, ServerEvents events) {
		try {
			return new Invocation(answer(handler, request, route), null);
		}
		catch (Throwable e) {
			return failed(e, request, route, events);
		}
	}

	/**
	 * The handler's response, checked; what the handler threw, or why its response is no
	 * answer, is thrown (for {@link #failed}). Nothing is made on the way.
	 */
	static Response answer(Handler handler, Request request, String route) throws Exception {
		Response response = handler.handle(request);
		if (response == null) {
			throw new IllegalStateException("handler for " + route + " returned no response");
		}
		if (response.status() < 200 || response.status() > 599) {
			// interim (1xx) answers are the server's to send, and 600+ is no status
			throw new IllegalStateException(
					"handler for " + route + " returned status " + response.status() + ", not a final 200-599");
		}
		return response;
	}

	/** A handler call that threw: a 500, the failure logged and told. */
	static Invocation failed(Throwable e, Request request, String route, ServerEvents events) {
		FailureLog.rethrowIfFatal(e);
		if (Thread.currentThread().isInterrupted() || e instanceof InterruptedException) {
			// cancelled: its client left or its timeout passed, both recorded already
			LOG.log(Level.FINE, "handler for " + request + " (route " + route + ") interrupted", e);
			return new Invocation(Response.error(500), e);
		}
		LOG.log(Level.WARNING, "handler for " + request + " (route " + route + ") failed", e);
		events.handlerFailed(route, e);
		return new Invocation(Response.error(500), e);
	}
}
