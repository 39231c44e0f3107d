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
			Response response = handler.handle(request);
			if (response == null) {
				throw new IllegalStateException("handler for " + route + " returned no response");
			}
			if (response.status() < 200 || response.status() > 599) {
				// interim (1xx) answers are the server's to send, and 600+ is no status
				throw new IllegalStateException(
						"handler for " + route + " returned status " + response.status() + ", not a final 200-599");
			}
			return new Invocation(response, null);
		}
		catch (Throwable e) {
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
}
