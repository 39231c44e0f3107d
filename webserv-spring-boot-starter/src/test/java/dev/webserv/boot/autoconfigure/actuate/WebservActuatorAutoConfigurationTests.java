package dev.webserv.boot.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.webserv.boot.Routes;
import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;
import dev.webserv.config.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** When webserv serves Actuator, and what it shows of itself whoever serves it. */
class WebservActuatorAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(EndpointAutoConfiguration.class,
			JacksonEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			WebservAutoConfiguration.class, WebservActuatorAutoConfiguration.class,
			WebservEndpointAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues("server.port=0", "server.address=127.0.0.1",
				"management.endpoints.web.exposure.include=health,webserv");

	@Test
	void inAPlainApplicationWebservServesTheEndpoints() {
		runner.run(context -> {
			assertThat(context).hasSingleBean(WebEndpointsSupplier.class)
				.hasSingleBean(HealthEndpointWebExtension.class)
				.hasSingleBean(WebservEndpoint.class)
				.hasSingleBean(WebservHealthIndicator.class)
				.hasBean("webservActuatorRoutes");
			assertThat(context.getBean("webservActuatorRoutes", Routes.class).definitions())
				.extracting(Routes.Definition::path)
				.contains("/actuator", "/actuator/health", "/actuator/health/{*path}", "/actuator/webserv");
			assertThat(context.getBean(ServerConfig.class).servers().get(0).routes())
				.anyMatch(route -> route.template().equals("/actuator/webserv"));
		});
	}

	@Test
	void inAServletApplicationSpringServesThemAndWebservOnlyContributes() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("webserv.servers[0].listen[0]=127.0.0.1:0",
					"management.endpoints.web.exposure.include=health,webserv")
			.run(context -> assertThat(context).doesNotHaveBean(WebservActuatorAutoConfiguration.class)
				.doesNotHaveBean("webservActuatorRoutes")
				.hasSingleBean(WebservEndpoint.class)
				.hasSingleBean(WebservHealthIndicator.class));
	}

	@Test
	void theWebservEndpointNeedsExposingAndTheIndicatorCanBeTurnedOff() {
		runner
			.withPropertyValues("management.endpoints.web.exposure.include=health",
					"management.health.webserv.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(WebservEndpoint.class)
				.doesNotHaveBean(WebservHealthIndicator.class));
	}

	@Test
	void withoutActuatorTheStarterStillWorks() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class,
					WebservActuatorAutoConfiguration.class, WebservEndpointAutoConfiguration.class))
			.withPropertyValues("server.port=0", "server.address=127.0.0.1")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WebservEndpoint.class)
				.doesNotHaveBean("webservActuatorRoutes")
				.hasSingleBean(ServerConfig.class));
	}

}
