package dev.webserv.boot.autoconfigure.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;

/**
 * What Actuator shows of webserv, whichever server serves Actuator: the {@code webserv}
 * endpoint (once exposed), the {@code webserv} health indicator
 * ({@code management.health.webserv.enabled}), and readiness refused as soon as the
 * context starts closing, before a graceful shutdown drains.
 */
@AutoConfiguration(after = WebservAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(WebservWebServer.class)
@ConditionalOnBooleanProperty(name = "webserv.enabled", matchIfMissing = true)
public final class WebservEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	WebservEndpoint webservEndpoint(ObjectProvider<WebservWebServer> webServer) {
		return new WebservEndpoint(webServer::getObject);
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
		WebservHealthIndicator webservHealthIndicator(ObjectProvider<WebservWebServer> webServer) {
			return new WebservHealthIndicator(webServer::getObject);
		}

	}

}
