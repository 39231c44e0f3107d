package dev.webserv.events;

import dev.webserv.parser.Rejection;

/**
 * What the server reports as it runs. Methods are called on event-loop and worker threads
 * and must be quick and non-blocking; every method has a no-op default. The starter binds
 * this to Micrometer.
 */
public interface ServerEvents {

	ServerEvents NONE = new ServerEvents() {
	};

	/** A connection was accepted on the named listener (e.g. "127.0.0.1:8080"). */
	default void connectionOpened(String listener) {
	}

	/**
	 * A connection closed after this long, having moved these bytes and served this many
	 * requests.
	 */
	default void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
	}

	/** A connection was refused because max-connections was reached. */
	default void connectionRejected(String listener) {
	}

	/** A request head was received and routed; the request is now in flight. */
	default void requestStarted(String listener) {
	}

	/** A response was fully handed to the socket (or the exchange failed). */
	default void requestCompleted(RequestLog log) {
	}

	/** A request was refused by the codec. */
	default void parseError(String listener, Rejection rejection) {
	}

	/** A timeout fired. */
	default void timeout(String listener, TimeoutPhase phase) {
	}

	/**
	 * One request is over, with what an access log writes about it: every completed
	 * exchange, and every request answered without reaching a handler (400, 408, 413,
	 * 414, 431) or abandoned by its client (499). Called once per request, on the
	 * connection's event loop.
	 */
	default void access(AccessRecord record) {
	}

	/** A handler threw; the client got 500. */
	default void handlerFailed(String route, Throwable error) {
	}

	/** Several listeners, told in order. */
	static ServerEvents of(ServerEvents... all) {
		return new CompositeServerEvents(all);
	}

}
