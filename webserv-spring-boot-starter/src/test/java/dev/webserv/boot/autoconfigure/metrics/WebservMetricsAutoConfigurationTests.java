package dev.webserv.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.MaximumAllowableTagsMeterFilter;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;
import dev.webserv.config.ServerConfig;
import dev.webserv.events.ServerEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** When the metrics beans exist, and that each backs off for the application's own. */
class WebservMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservMetricsAutoConfiguration.class, WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1");

	@Test
	void withARegistryTheServerReportsToTheMeters() {
		runner.withUserConfiguration(RegistryConfiguration.class).run(context -> {
			assertThat(context).hasSingleBean(WebservConnectionMetrics.class)
				.hasSingleBean(WebservRequestMetrics.class)
				.hasSingleBean(WebservMeterBinder.class)
				.hasSingleBean(MaximumAllowableTagsMeterFilter.class);
			ServerEvents events = context.getBean(ServerConfig.class).events();
			assertThat(events).isNotSameAs(ServerEvents.NONE);
		});
	}

	@Test
	void withoutARegistryThereAreNoMeters() {
		runner.run(context -> assertThat(context).doesNotHaveBean(WebservConnectionMetrics.class)
			.doesNotHaveBean(WebservRequestMetrics.class)
			.hasSingleBean(ServerConfig.class));
	}

	@Test
	void withoutMicrometerTheStarterStillWorks() {
		runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WebservConnectionMetrics.class)
				.hasSingleBean(ServerConfig.class));
	}

	@Test
	void anApplicationConventionReplacesTheDefault() {
		runner.withUserConfiguration(RegistryConfiguration.class, ConventionConfiguration.class).run(context -> {
			assertThat(context).hasSingleBean(WebservServerRequestObservationConvention.class);
			assertThat(context.getBean(WebservServerRequestObservationConvention.class).getName())
				.isEqualTo("custom.requests");
		});
	}

	@Test
	void theTimerNameFollowsTheObservationNameProperty() {
		runner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("management.observations.http.server.requests.name=webserv.http.requests")
			.run(context -> assertThat(context.getBean(WebservServerRequestObservationConvention.class).getName())
				.isEqualTo("webserv.http.requests"));
	}

	@Test
	void disablingWebservDisablesItsMetrics() {
		runner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("webserv.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(WebservConnectionMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		WebservServerRequestObservationConvention customConvention() {
			return new DefaultWebservServerRequestObservationConvention("custom.requests");
		}

	}

}
