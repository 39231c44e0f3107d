package dev.webserv.boot.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.webserv.events.ServerEvents;
import dev.webserv.events.TlsFailure;

/**
 * TLS meters, fed by the core's events: {@code webserv.tls.handshakes} (a timer: count
 * and duration) by {@code listener}, {@code protocol} and {@code cipher}, and
 * {@code webserv.tls.handshake.failures} by {@code listener} and {@code reason} (the
 * lower-case {@link TlsFailure}: timeout, closed, plain_http, not_tls, protocol, cipher,
 * client_certificate, renegotiation, overloaded, handshake). Protocols and ciphers are
 * the few the server enables, so the series stay bounded.
 */
public class WebservTlsMetrics implements ServerEvents {

	private record Agreed(String listener, String protocol, String cipher) {
	}

	private record Failed(String listener, TlsFailure reason) {
	}

	private final MeterRegistry registry;

	private final Map<Agreed, Timer> handshakes = new ConcurrentHashMap<>();

	private final Map<Failed, Counter> failures = new ConcurrentHashMap<>();

	public WebservTlsMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
		handshakes
			.computeIfAbsent(new Agreed(listener, protocol, cipherSuite),
					agreed -> Timer.builder("webserv.tls.handshakes")
						.description("TLS handshakes completed, and how long each took from its ClientHello")
						.tag("listener", listener)
						.tag("protocol", protocol)
						.tag("cipher", cipherSuite)
						.register(registry))
			.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void tlsHandshakeFailed(String listener, TlsFailure reason) {
		failures
			.computeIfAbsent(new Failed(listener, reason),
					failed -> Counter.builder("webserv.tls.handshake.failures")
						.description("TLS handshakes that failed (the connection closed), by reason")
						.tag("listener", listener)
						.tag("reason", reason.tag())
						.register(registry))
			.increment();
	}

}
