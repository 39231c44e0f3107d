package dev.webserv.boot.autoconfigure.reactive;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ReactiveHttpInputMessage;

import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;
import dev.webserv.boot.reactive.WebservConfigSource;
import dev.webserv.boot.reactive.WebservReactiveWebServerFactory;

/**
 * Makes webserv the web server of a reactive (WebFlux) application: ordered before
 * Reactor Netty's, Tomcat's and Jetty's reactive server auto-configurations so that
 * adding the starter is enough, and backing off when the application declares its own
 * {@link ReactiveWebServerFactory}. Boot's {@code server.*} keys reach the factory
 * through {@link ReactiveWebServerConfiguration}, as for Boot's own servers.
 */
@AutoConfiguration(before = WebservAutoConfiguration.class,
		beforeName = { "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration",
				"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
				"org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
@ConditionalOnClass({ ReactiveHttpInputMessage.class, Mono.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "webserv.enabled", matchIfMissing = true)
@Import(ReactiveWebServerConfiguration.class)
public final class WebservReactiveWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	WebservReactiveWebServerFactory webservReactiveWebServerFactory(ObjectProvider<WebservConfigSource> configSource) {
		WebservReactiveWebServerFactory factory = new WebservReactiveWebServerFactory();
		factory.setConfigSource(configSource.getIfAvailable());
		return factory;
	}

}
