package dev.webserv.config;

import java.time.Duration;

/**
 * Every timeout the server enforces, each with a sane default ({@link #DEFAULTS}, the one
 * place defaults are written). On expiry: 408 where a request was under way, otherwise a
 * quiet close. A value out of range fails construction with an
 * {@link InvalidSettingException} naming the setting ("timeouts.header").
 *
 * @param header total time to receive a request head, from its first byte; not reset by
 * trickles (slowloris)
 * @param idle time a keep-alive connection may wait for the next request
 * @param body longest pause between two reads of a request body
 * @param minBodyRate bytes per second a body must average after the first second; 0 = no
 * rate check
 * @param write longest time a response may make no progress towards a reader
 * @param minWriteRate bytes per second a reader must take on average after the first
 * second; 0 = no check
 * @param handler time a handler may run before the client gets 503
 * @param cgi time a CGI script may run before it is killed and the client gets 504
 * @param shutdown how long a graceful stop waits for requests in flight
 * @param proxyHeader on a listener that takes the PROXY protocol, time for the header to
 * arrive complete, from the connection's opening; then a quiet close
 * @param handshake on an ssl listener, time for the TLS handshake to finish, from the
 * connection's opening, or the PROXY header's end (nginx's stream
 * {@code ssl_handshake_timeout}, Netty's {@code SslHandler} handshake timeout); then a
 * close, counted as a HANDSHAKE timeout
 */
public record Timeouts(Duration header, Duration idle, Duration body, long minBodyRate, Duration write,
		long minWriteRate, Duration handler, Duration cgi, Duration shutdown, Duration proxyHeader,
		Duration handshake) {

	/**
	 * The PROXY protocol header's default: a few seconds, at least 3 (proxy-protocol.txt
	 * §2).
	 */
	public static final Duration DEFAULT_PROXY_HEADER = Duration.ofSeconds(5);

	/**
	 * The TLS handshake's default: 10 s, the header timeout's default (which bounded the
	 * handshake before it had a setting of its own) and Netty's.
	 */
	public static final Duration DEFAULT_HANDSHAKE = Duration.ofSeconds(10);

	public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
			Duration.ofSeconds(30), 256, Duration.ofSeconds(30), 256, Duration.ofSeconds(60), Duration.ofSeconds(30),
			Duration.ofSeconds(30), DEFAULT_PROXY_HEADER, DEFAULT_HANDSHAKE);

	/** Timeouts with the default PROXY protocol header and TLS handshake timeouts. */
	public Timeouts(Duration header, Duration idle, Duration body, long minBodyRate, Duration write, long minWriteRate,
			Duration handler, Duration cgi, Duration shutdown) {
		this(header, idle, body, minBodyRate, write, minWriteRate, handler, cgi, shutdown, DEFAULT_PROXY_HEADER);
	}

	/** Timeouts with the default TLS handshake timeout. */
	public Timeouts(Duration header, Duration idle, Duration body, long minBodyRate, Duration write, long minWriteRate,
			Duration handler, Duration cgi, Duration shutdown, Duration proxyHeader) {
		this(header, idle, body, minBodyRate, write, minWriteRate, handler, cgi, shutdown, proxyHeader,
				DEFAULT_HANDSHAKE);
	}

	/**
	 * @throws InvalidSettingException naming the first timeout out of range
	 */
	public Timeouts {
		positive("header", header);
		positive("idle", idle);
		positive("body", body);
		notNegative("min-body-rate", minBodyRate);
		positive("write", write);
		notNegative("min-write-rate", minWriteRate);
		positive("handler", handler);
		positive("cgi", cgi);
		positive("proxy-header", proxyHeader);
		positive("handshake", handshake);
		if (shutdown == null || shutdown.isNegative()) {
			throw new InvalidSettingException("timeouts.shutdown", shutdown, "must not be negative");
		}
	}

	/**
	 * How often deadlines are checked: a tenth of the shortest timeout, between 10 ms and
	 * 1 s.
	 */
	public Duration sweepInterval() {
		long shortest = Math.min(Math.min(Math.min(header.toMillis(), idle.toMillis()), proxyHeader.toMillis()), Math
			.min(Math.min(body.toMillis(), write.toMillis()), Math.min(handler.toMillis(), handshake.toMillis())));
		return Duration.ofMillis(Math.max(10, Math.min(1000, shortest / 10)));
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidSettingException("timeouts." + name, value, "must be positive");
		}
	}

	private static void notNegative(String name, long value) {
		if (value < 0) {
			throw new InvalidSettingException("timeouts." + name, value, "must not be negative");
		}
	}

	public Timeouts withHeader(Duration value) {
		return new Timeouts(value, idle, body, minBodyRate, write, minWriteRate, handler, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withIdle(Duration value) {
		return new Timeouts(header, value, body, minBodyRate, write, minWriteRate, handler, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withBody(Duration value) {
		return new Timeouts(header, idle, value, minBodyRate, write, minWriteRate, handler, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withMinBodyRate(long value) {
		return new Timeouts(header, idle, body, value, write, minWriteRate, handler, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withWrite(Duration value) {
		return new Timeouts(header, idle, body, minBodyRate, value, minWriteRate, handler, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withMinWriteRate(long value) {
		return new Timeouts(header, idle, body, minBodyRate, write, value, handler, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withHandler(Duration value) {
		return new Timeouts(header, idle, body, minBodyRate, write, minWriteRate, value, cgi, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withCgi(Duration value) {
		return new Timeouts(header, idle, body, minBodyRate, write, minWriteRate, handler, value, shutdown, proxyHeader,
				handshake);
	}

	public Timeouts withShutdown(Duration value) {
		return new Timeouts(header, idle, body, minBodyRate, write, minWriteRate, handler, cgi, value, proxyHeader,
				handshake);
	}

	public Timeouts withProxyHeader(Duration value) {
		return new Timeouts(header, idle, body, minBodyRate, write, minWriteRate, handler, cgi, shutdown, value,
				handshake);
	}

	public Timeouts withHandshake(Duration value) {
		return new Timeouts(header, idle, body, minBodyRate, write, minWriteRate, handler, cgi, shutdown, proxyHeader,
				value);
	}

}
