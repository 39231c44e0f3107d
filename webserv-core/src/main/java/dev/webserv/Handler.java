package dev.webserv;

/**
 * Answers one request. Blocking handlers (the default) run on the worker executor, never
 * on an event loop; a handler whose {@link #blocking()} is false promises never to block
 * and runs on the event loop itself.
 */
@FunctionalInterface
public interface Handler {

	Response handle(Request request) throws Exception;

	/**
	 * Whether this handler may block (on I/O, locks, sleeps). False puts it on the
	 * event-loop fast path.
	 */
	default boolean blocking() {
		return true;
	}

	/**
	 * How long this handler may run before the client gets 503; null (the default) means
	 * the server's handler timeout. A handler with a deadline of its own (CGI) asks for
	 * longer, so its own answer wins.
	 */
	default java.time.Duration timeout() {
		return null;
	}

	/** Wraps a handler that never blocks, so it runs on the event loop. */
	static Handler nonBlocking(Handler handler) {
		return new Handler() {
			@Override
			public Response handle(Request request) throws Exception {
				return handler.handle(request);
			}

			@Override
			public boolean blocking() {
				return false;
			}
		};
	}

}
