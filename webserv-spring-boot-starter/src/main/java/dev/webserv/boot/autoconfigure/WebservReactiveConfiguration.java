package dev.webserv.boot.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.webserv.boot.WebservResponses;
import dev.webserv.boot.WebservServerCustomizer;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.reactive.WebservConfigSource;
import dev.webserv.boot.reactive.WebservReactiveWebServer;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.ServerEvents;

/**
 * WebFlux on webserv ({@code dev.webserv.boot.reactive}): the reactive factory builds its
 * server from {@code webserv.*} as the plain server would be built, with the WebFlux
 * application as every virtual server's fallback, and the servers without listen
 * addresses on the factory's address and port (server.address, server.port).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(type = WebservAutoConfiguration.REACTIVE_FACTORY)
class WebservReactiveConfiguration {

	@Bean
	WebservConfigSource webservConfigSource(WebservProperties properties, ConfigurableApplicationContext context,
			WebservResponses responses, ObjectProvider<ServerEvents> events,
			ObjectProvider<WebservServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
		return (primary, application) -> {
			if (!Binder.get(context.getEnvironment()).bind("webserv.limits.max-body-size", DataSize.class).isBound()) {
				// as on Reactor Netty, the server sets no body limit of its own unless
				// asked
				// to: WebFlux's codecs bound what they buffer
				properties.getLimits().setMaxBodySize(DataSize.ofBytes(0));
			}
			ServerConfig config = WebservAutoConfiguration.serverConfig(properties, context, responses, events,
					customizers, sslBundles, primary, application);
			checkServerPort(config, primary, context);
			return config;
		};
	}

	/**
	 * server.port set while every server has listen addresses of its own, none on that
	 * port: nothing would listen where the user asked, so start-up fails.
	 */
	private static void checkServerPort(ServerConfig config, ListenAddress primary,
			ConfigurableApplicationContext context) {
		if (!Binder.get(context.getEnvironment()).bind("server.port", Integer.class).isBound()) {
			return;
		}
		for (VirtualServer server : config.servers()) {
			for (ListenAddress address : server.listen()) {
				if (address.port() == primary.port()) {
					return;
				}
			}
		}
		List<String> listen = config.servers()
			.stream()
			.flatMap(server -> server.listen().stream())
			.map(String::valueOf)
			.toList();
		throw new InvalidConfigurationPropertyValueException("server.port", primary.port(),
				"every webserv.servers entry has listen addresses of its own (" + String.join(", ", listen)
						+ "), none on this port: leave listen out of the server that should answer on server.port, "
						+ "or remove server.port");
	}

	/**
	 * The bound ports (local.webserv.*) and a WebservStartedEvent, once Boot started it.
	 */
	@Bean
	ApplicationListener<ReactiveWebServerInitializedEvent> webservReactiveStarted(
			ConfigurableApplicationContext context) {
		return event -> {
			WebservWebServer server = WebservReactiveWebServer.current(event.getApplicationContext());
			if (event.getApplicationContext() == context && server != null) {
				WebservLifecycle.started(server, context);
			}
		};
	}

}
