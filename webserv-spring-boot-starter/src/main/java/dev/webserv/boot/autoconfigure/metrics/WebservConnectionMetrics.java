package dev.webserv.boot.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.ApplicationListener;

import dev.webserv.boot.WebservStartedEvent;
import dev.webserv.events.ReclaimReason;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;

/**
 * Connection, byte and error meters, fed by the core's events. Every meter of one name
 * carries the same tag keys: {@code listener} (the bound address, "127.0.0.1:8080") on
 * the connection and byte meters, {@code listener} and {@code reason} on parse errors and
 * reclaimed connections, {@code listener} and {@code phase} on timeouts, {@code uri} and
 * {@code exception} on handler errors.
 *
 * <p>
 * Called on event-loop and worker threads: after a listener's first event, one map
 * look-up per event and no allocation. The meters of a listener are registered when the
 * server starts (or on the listener's first event, should that come first), so they read
 * 0 before any traffic.
 */
public class WebservConnectionMetrics implements ServerEvents, ApplicationListener<WebservStartedEvent> {

	private final MeterRegistry registry;

	private final Map<String, ListenerMeters> listeners = new ConcurrentHashMap<>();

	private final Map<String, Map<RejectionReason, Counter>> parseErrors = new ConcurrentHashMap<>();

	private final Map<String, Map<TimeoutPhase, Counter>> timeouts = new ConcurrentHashMap<>();

	private final Map<HandlerError, Counter> handlerErrors = new ConcurrentHashMap<>();

	private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

	private final Map<String, Map<ReclaimReason, Counter>> reclaimed = new ConcurrentHashMap<>();

	public WebservConnectionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Registers the meters of every bound listener, at 0. */
	@Override
	public void onApplicationEvent(WebservStartedEvent event) {
		event.getWebServer().getWebserv().listenerStates().keySet().forEach(this::meters);
	}

	@Override
	public void connectionOpened(String listener) {
		ListenerMeters meters = meters(listener);
		meters.active.incrementAndGet();
		meters.accepted.increment();
	}

	@Override
	public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
		ListenerMeters meters = meters(listener);
		meters.active.updateAndGet(active -> Math.max(0, active - 1));
		meters.closed.increment();
		meters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		meters.bytesReceived.increment(bytesReceived);
		meters.bytesSent.increment(bytesSent);
		meters.requests.record(requests);
	}

	@Override
	public void connectionRejected(String listener) {
		meters(listener).rejected.increment();
	}

	@Override
	public void connectionReclaimed(String listener, ReclaimReason reason) {
		reclaimed.computeIfAbsent(listener, key -> new ConcurrentHashMap<>())
			.computeIfAbsent(reason, why -> Counter.builder("webserv.connections.reclaimed")
				.description("Connections closed at max-connections to make room for a new one, by reason: IDLE "
						+ "(keep-alive), SLOW_HEAD (first request head still coming)")
				.baseUnit("connections")
				.tag("listener", listener)
				.tag("reason", why.name())
				.register(registry))
			.increment();
	}

	@Override
	public void parseError(String listener, RejectionReason rejection) {
		parseErrors.computeIfAbsent(listener, key -> new ConcurrentHashMap<>())
			.computeIfAbsent(rejection, reason -> Counter.builder("webserv.parse.errors")
				.description("Requests refused by the HTTP codec (answered with the reason's status, then closed)")
				.tag("listener", listener)
				.tag("reason", reason.name())
				.register(registry))
			.increment();
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		timeouts.computeIfAbsent(listener, key -> new ConcurrentHashMap<>())
			.computeIfAbsent(phase, fired -> Counter.builder("webserv.timeouts")
				.description("Timeouts fired, by phase: HEADER and BODY answer 408, HANDLER 503, IDLE and WRITE close")
				.tag("listener", listener)
				.tag("phase", fired.name())
				.register(registry))
			.increment();
	}

	@Override
	public void handlerFailed(String route, Throwable error) {
		String uri = route != null ? route : "UNKNOWN";
		handlerErrors
			.computeIfAbsent(new HandlerError(uri, error.getClass()),
					key -> Counter.builder("webserv.handler.errors")
						.description("Handler exceptions (the client got 500), by route and exception class")
						.tag("uri", uri)
						.tag("exception", DefaultWebservServerRequestObservationConvention.simpleName(error))
						.register(registry))
			.increment();
	}

	@Override
	public void requestRefused(String route, String reason) {
		String uri = route != null ? route : "UNKNOWN";
		refusals
			.computeIfAbsent(uri + " " + reason,
					key -> Counter.builder("webserv.requests.refused")
						.description("Requests refused before their handler: limit_req and limit_conn (429), "
								+ "access (403), auth_basic (401), auth_basic_busy (503)")
						.tag("uri", uri)
						.tag("reason", reason)
						.register(registry))
			.increment();
	}

	private ListenerMeters meters(String listener) {
		ListenerMeters meters = listeners.get(listener);
		return meters != null ? meters : listeners.computeIfAbsent(listener, this::register);
	}

	private ListenerMeters register(String listener) {
		AtomicInteger active = new AtomicInteger();
		Gauge.builder("webserv.connections.active", active, AtomicInteger::get)
			.description("Open connections")
			.baseUnit("connections")
			.tag("listener", listener)
			.register(registry);
		return new ListenerMeters(active,
				counter("webserv.connections.accepted", "Connections accepted", "connections", listener),
				counter("webserv.connections.rejected",
						"Connections refused because webserv.limits.max-connections was reached", "connections",
						listener),
				counter("webserv.connections.closed", "Connections closed, by either side", "connections", listener),
				Timer.builder("webserv.connections.duration")
					.description("How long connections stayed open")
					.tag("listener", listener)
					.register(registry),
				counter("webserv.bytes.received", "Bytes read from clients (counted when a connection closes)", "bytes",
						listener),
				counter("webserv.bytes.sent", "Bytes written to clients (counted when a connection closes)", "bytes",
						listener),
				DistributionSummary.builder("webserv.connections.requests")
					.description("Requests served per connection (keep-alive reuse)")
					.baseUnit("requests")
					.tag("listener", listener)
					.register(registry));
	}

	private Counter counter(String name, String description, String unit, String listener) {
		return Counter.builder(name)
			.description(description)
			.baseUnit(unit)
			.tag("listener", listener)
			.register(registry);
	}

	private record ListenerMeters(AtomicInteger active, Counter accepted, Counter rejected, Counter closed,
			Timer duration, Counter bytesReceived, Counter bytesSent, DistributionSummary requests) {
	}

	private record HandlerError(String uri, Class<?> type) {
	}

}
