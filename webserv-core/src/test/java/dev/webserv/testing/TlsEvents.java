package dev.webserv.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.events.TlsFailure;

/** Counts the TLS events: handshakes, handshake timeouts, failures by reason. */
public final class TlsEvents implements ServerEvents {

	public final AtomicInteger handshakes = new AtomicInteger();

	public final AtomicInteger handshakeTimeouts = new AtomicInteger();

	public final Map<String, String> lastHandshake = new ConcurrentHashMap<>();

	private final Map<TlsFailure, AtomicInteger> failures = new ConcurrentHashMap<>();

	@Override
	public void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
		handshakes.incrementAndGet();
		lastHandshake.put("protocol", protocol);
		lastHandshake.put("cipher", cipherSuite);
	}

	@Override
	public void tlsHandshakeFailed(String listener, TlsFailure reason) {
		failures.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		if (phase == TimeoutPhase.HANDSHAKE) {
			handshakeTimeouts.incrementAndGet();
		}
	}

	public int failures(TlsFailure reason) {
		AtomicInteger count = failures.get(reason);
		return count == null ? 0 : count.get();
	}

}
