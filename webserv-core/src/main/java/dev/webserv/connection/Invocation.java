package dev.webserv.connection;

import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
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
			return new Invocation(response, null);
		}
		catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
			LOG.log(Level.WARNING, "handler for " + request + " (route " + route + ") failed", e);
			events.handlerFailed(route, e);
			return new Invocation(Response.error(500), e);
		}
	}
}
