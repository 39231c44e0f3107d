package dev.webserv.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import dev.webserv.config.Route;
import dev.webserv.events.RequestLog;

/**
 * The request timer for WebFlux on webserv: WebFlux's own observation times what the
 * application answers (the virtual servers' fallback), so webserv times only what its
 * routes and locations answer, and no request is counted twice.
 */
public class ApplicationRequestsSkipped extends WebservRequestMetrics {

	public ApplicationRequestsSkipped(MeterRegistry registry, WebservServerRequestObservationConvention convention) {
		super(registry, convention);
	}

	@Override
	public void requestCompleted(RequestLog log) {
		if (!Route.FALLBACK.equals(log.route())) {
			super.requestCompleted(log);
		}
	}

}
