package dev.webserv.boot.autoconfigure.actuate;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;
import dev.webserv.boot.reactive.WebservReactiveWebServer;

/**
 * What Actuator shows of webserv, whichever server serves Actuator: the {@code webserv}
 * endpoint (once exposed), the {@code webserv} health indicator
 * ({@code management.health.webserv.enabled}), and readiness refused as soon as the
 * context starts closing, before a graceful shutdown drains.
 */
@AutoConfiguration(after = WebservAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@Conditional(WebservEndpointAutoConfiguration.OnWebservServer.class)
@ConditionalOnBooleanProperty(name = "webserv.enabled", matchIfMissing = true)
public final class WebservEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	WebservEndpoint webservEndpoint(ObjectProvider<WebservWebServer> webServer, ApplicationContext context) {
		return new WebservEndpoint(server(webServer, context));
	}

	/** The server bean, or for WebFlux on webserv the reactive server's current one. */
	static Supplier<WebservWebServer> server(ObjectProvider<WebservWebServer> webServer, ApplicationContext context) {
		return () -> webServer.getIfAvailable(() -> WebservReactiveWebServer.current(context));
	}

	/** webserv runs: as the plain server, or as the reactive application's. */
	static final class OnWebservServer extends AnyNestedCondition {

		OnWebservServer() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(WebservWebServer.class)
		static final class Plain {

		}

		@ConditionalOnBean(type = "dev.webserv.boot.reactive.WebservReactiveWebServerFactory")
		static final class Reactive {

		}

	}

	@Bean
	@ConditionalOnMissingBean
	ReadinessOnClose webservReadinessOnClose() {
		return new ReadinessOnClose();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("webserv")
	static final class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "webservHealthIndicator")
		WebservHealthIndicator webservHealthIndicator(ObjectProvider<WebservWebServer> webServer,
				ApplicationContext context) {
			return new WebservHealthIndicator(server(webServer, context));
		}

	}

}
