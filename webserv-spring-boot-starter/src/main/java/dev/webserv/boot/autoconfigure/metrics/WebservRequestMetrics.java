package dev.webserv.boot.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;

/**
 * Records every finished exchange in the {@code http.server.requests} timer, tagged by a
 * {@link WebservServerRequestObservationConvention} plus {@code error}, exactly the tags
 * Micrometer's {@code DefaultMeterObservationHandler} gives Spring MVC's and WebFlux's
 * observations. So the series have the same name and label set as any Spring Boot
 * application's, and a webserv running beside Spring MVC feeds the same meters.
 *
 * <p>
 * Why a timer recorded at completion and not an {@code Observation} started per request:
 * the core tells the exchange once it is over, with its measured duration
 * ({@link RequestLog#durationNanos()}), and an {@code Observation} can only be timed by
 * its own start and stop calls, with no way to give it a start time. Starting one at
 * completion would record every request as taking no time. The convention is the
 * Observation API's, so the names and keys are the ones a real observation would carry,
 * and histograms, percentiles, SLOs ({@code management.metrics.distribution.*}), common
 * tags, {@code management.metrics.enable} and the uri-tag guard all apply, as they are
 * meter filters.
 *
 * <p>
 * Called on event-loop and worker threads: one map look-up per request once a tag
 * combination is known.
 */
public class WebservRequestMetrics implements ServerEvents {

	/**
	 * Beyond this many tag combinations, timers are looked up in the registry rather than
	 * cached here.
	 */
	private static final int MAX_CACHED = 4096;

	private final MeterRegistry registry;

	private final WebservServerRequestObservationConvention convention;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	public WebservRequestMetrics(MeterRegistry registry, WebservServerRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void requestCompleted(RequestLog log) {
		timer(log).record(log.durationNanos(), TimeUnit.NANOSECONDS);
	}

	private Timer timer(RequestLog log) {
		Key key = new Key(log.listener(), log.method(), log.route(), log.status(),
				log.error() == null ? null : log.error().getClass());
		Timer timer = timers.get(key);
		if (timer != null) {
			return timer;
		}
		timer = register(log);
		if (timers.size() < MAX_CACHED) {
			timers.putIfAbsent(key, timer);
		}
		return timer;
	}

	private Timer register(RequestLog log) {
		WebservServerRequestObservationContext context = new WebservServerRequestObservationContext(log);
		List<Tag> tags = new ArrayList<>(6);
		for (KeyValue keyValue : convention.getLowCardinalityKeyValues(context)) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		tags.add(Tag.of("error", log.error() == null ? KeyValue.NONE_VALUE
				: DefaultWebservServerRequestObservationConvention.simpleName(log.error())));
		String name = convention.getName();
		return Timer.builder(name != null ? name : DefaultWebservServerRequestObservationConvention.DEFAULT_NAME)
			.description("Duration of HTTP server request handling")
			.tags(tags)
			.register(registry);
	}

	/**
	 * What the tags of a request can depend on (everything in the log but its duration).
	 */
	private record Key(String listener, String method, String route, int status, Class<?> error) {
	}

}
