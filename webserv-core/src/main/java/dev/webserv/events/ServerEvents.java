package dev.webserv.events;

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
	 * requests. Bytes are counted as they cross the socket, both ways the same: over TLS
	 * the encrypted records (handshake, alerts and close_notify included), so they add up
	 * to what {@link #bytesTransferred} told for the connection; the plain bytes of each
	 * response are in its {@link AccessRecord}.
	 */
	default void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
	}

	/**
	 * Bytes moved on a connection of the named listener just now, as they cross the
	 * socket (encrypted, over TLS): told as they move (after each read, and each write
	 * that made progress), not only when the connection closes.
	 */
	default void bytesTransferred(String listener, long received, long sent) {
	}

	/**
	 * A connection was refused (503): max-connections was reached and nothing could be
	 * reclaimed, or its address had too many connections still without a first head.
	 */
	default void connectionRejected(String listener) {
	}

	/**
	 * A connection was closed to make room for a new one at max-connections, for this
	 * reason (it is reported closed as well).
	 */
	default void connectionReclaimed(String listener, ReclaimReason reason) {
	}

	/** A request head was received and routed; the request is now in flight. */
	default void requestStarted(String listener) {
	}

	/** A response was fully handed to the socket (or the exchange failed). */
	default void requestCompleted(RequestLog log) {
	}

	/**
	 * A request was refused by the codec (or its body by a limit): the client got
	 * {@link RejectionReason#status()} and the connection closed.
	 */
	default void parseError(String listener, RejectionReason reason) {
	}

	/**
	 * A TLS handshake completed on a connection of the named listener.
	 * @param protocol the protocol agreed ("TLSv1.3")
	 * @param cipherSuite the cipher suite agreed ("TLS_AES_128_GCM_SHA256")
	 * @param durationNanos from the first byte of the ClientHello to the end of the
	 * handshake
	 */
	default void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
	}

	/** A TLS handshake failed, and the connection closed. */
	default void tlsHandshakeFailed(String listener, TlsFailure reason) {
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

	/**
	 * A request was refused before its handler ran, for one of these reasons:
	 * {@code "limit_req"} and {@code "limit_conn"} (429, or the configured status),
	 * {@code "access"} (403, nginx's deny), {@code "auth_basic"} (401),
	 * {@code "auth_basic_busy"} (503: the server's password checks all taken). The
	 * request's completion is reported as well.
	 */
	default void requestRefused(String route, String reason) {
	}

	/**
	 * Several listeners, told in order, each isolated from the others: one that throws is
	 * logged (the first time with its stack trace, then rate-limited) and does not stop
	 * the others being told; nothing it throws reaches the server.
	 */
	static ServerEvents of(ServerEvents... all) {
		return new CompositeServerEvents(all);
	}

}
