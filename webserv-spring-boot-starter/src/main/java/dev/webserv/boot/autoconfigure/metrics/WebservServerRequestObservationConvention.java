package dev.webserv.boot.autoconfigure.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code http.server.requests} timer. Declare a bean of this type to
 * replace {@link DefaultWebservServerRequestObservationConvention}; keep the same tag
 * keys on every request, or Prometheus rejects the meters.
 */
public interface WebservServerRequestObservationConvention
		extends ObservationConvention<WebservServerRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WebservServerRequestObservationContext;
	}

}
