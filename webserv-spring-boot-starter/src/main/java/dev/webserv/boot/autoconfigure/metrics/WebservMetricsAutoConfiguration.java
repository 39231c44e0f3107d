package dev.webserv.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.MaximumAllowableTagsMeterFilter;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;
import dev.webserv.boot.reactive.WebservReactiveWebServer;

/**
 * Binds webserv to Micrometer when the application has a {@link MeterRegistry}: the
 * connection and error meters and the {@code http.server.requests} timer as
 * {@link dev.webserv.events.ServerEvents} beans (the server configuration picks up every
 * such bean), the gauges as a {@code MeterBinder}, and a cap on the distinct {@code uri}
 * values of {@code http.server.requests}
 * ({@code management.metrics.web.server.max-uri-tags}, 100 by default), as WebFlux and
 * MVC have.
 */
@AutoConfiguration(before = WebservAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MaximumAllowableTagsMeterFilter.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "webserv.enabled", matchIfMissing = true)
public final class WebservMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebservConnectionMetrics webservConnectionMetrics(MeterRegistry registry) {
		return new WebservConnectionMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	WebservTlsMetrics webservTlsMetrics(MeterRegistry registry) {
		return new WebservTlsMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	WebservServerRequestObservationConvention webservServerRequestObservationConvention(Environment environment) {
		return new DefaultWebservServerRequestObservationConvention(
				environment.getProperty("management.observations.http.server.requests.name",
						DefaultWebservServerRequestObservationConvention.DEFAULT_NAME));
	}

	@Bean
	@ConditionalOnMissingBean
	WebservRequestMetrics webservRequestMetrics(MeterRegistry registry,
			WebservServerRequestObservationConvention convention, ApplicationContext context) {
		// WebFlux on webserv: WebFlux times its own requests
		return context instanceof ReactiveWebServerApplicationContext
				? new ApplicationRequestsSkipped(registry, convention)
				: new WebservRequestMetrics(registry, convention);
	}

	@Bean
	@ConditionalOnMissingBean
	WebservMeterBinder webservMeterBinder(ObjectProvider<WebservWebServer> webServer, ApplicationContext context) {
		return new WebservMeterBinder(() -> {
			WebservWebServer server = webServer.getIfAvailable(() -> WebservReactiveWebServer.current(context));
			return server != null ? server.getWebserv() : null;
		});
	}

	@Bean
	MaximumAllowableTagsMeterFilter webservMaxUriTagsMeterFilter(Environment environment,
			WebservServerRequestObservationConvention convention) {
		int max = environment.getProperty("management.metrics.web.server.max-uri-tags", Integer.class, 100);
		String hint = "Are you using path variables in webserv location paths? Routes are tagged by their "
				+ "template; raise management.metrics.web.server.max-uri-tags if you really have more.";
		return new MaximumAllowableTagsMeterFilter(convention.getName(), "uri", max, hint);
	}

}
