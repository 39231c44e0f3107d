package dev.webserv.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.webserv.ExchangeHandler;
import dev.webserv.Webserv;
import dev.webserv.boot.ExceptionStatuses;
import dev.webserv.boot.JsonWriter;
import dev.webserv.boot.WebservResponses;
import dev.webserv.boot.WebservServerCustomizer;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.Route;
import dev.webserv.config.ServerConfig;
import dev.webserv.events.ServerEvents;

/**
 * Runs webserv in a Spring Boot application: the core configuration from
 * {@code webserv.*} and the handler beans, Boot's {@code WebServer} around the server, a
 * lifecycle that starts it after refresh, and Boot's graceful-shutdown lifecycle. Every
 * bean can be replaced by declaring one of the same type.
 *
 * <p>
 * Without Tomcat, Jetty or Netty the application's context is a plain one and webserv is
 * its only server; with one of them, webserv runs beside it on its own listeners.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "webserv.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebservProperties.class)
@Import(WebservReactiveConfiguration.class)
public final class WebservAutoConfiguration {

	/**
	 * WebFlux on webserv: Boot's reactive context runs the server, built by this factory.
	 */
	static final String REACTIVE_FACTORY = "dev.webserv.boot.reactive.WebservReactiveWebServerFactory";

	private static final Log logger = LogFactory.getLog(WebservAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WebservResponses webservResponses(ObjectProvider<JsonWriter> jsonWriter,
			ObjectProvider<ExceptionStatuses> exceptionStatuses) {
		return new WebservResponses(jsonWriter.getIfUnique(),
				ExceptionStatuses.merge(exceptionStatuses.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean(value = { ServerConfig.class, WebservWebServer.class }, type = REACTIVE_FACTORY)
	ServerConfig webservServerConfig(WebservProperties properties, ConfigurableApplicationContext context,
			WebservResponses responses, ObjectProvider<ServerEvents> events,
			ObjectProvider<WebservServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
		return serverConfig(properties, context, responses, events, customizers, sslBundles, null, null);
	}

	/**
	 * The core configuration from {@code webserv.*} and the handler beans.
	 * @param primary WebFlux on webserv: where servers without listen addresses listen
	 * (Boot's factory address), else null
	 * @param application WebFlux on webserv: the fallback of every server, else null
	 */
	static ServerConfig serverConfig(WebservProperties properties, ConfigurableApplicationContext context,
			WebservResponses responses, ObjectProvider<ServerEvents> events,
			ObjectProvider<WebservServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			ListenAddress primary, ExchangeHandler application) {
		HandlerBeans handlers = new HandlerBeans(context.getBeanFactory(), responses);
		ServerConfigMapper mapper = new ServerConfigMapper(properties, new StandardKeys(context.getEnvironment()),
				handlers::handlerBean, primary == null && context instanceof WebServerApplicationContext,
				context.getClassLoader(), new SslMapper(context.getEnvironment(), sslBundles.getIfAvailable()))
			.primary(primary);
		List<MountedRoute> routes = new ArrayList<>(handlers.routes());
		if (application != null) {
			routes.add(new MountedRoute(Route.fallback(application), List.of(), "the WebFlux application"));
		}
		ServerConfig.Builder builder = map(mapper, routes, context);
		List<ServerEvents> listeners = events.orderedStream().toList();
		if (!listeners.isEmpty()) {
			builder.events(
					listeners.size() == 1 ? listeners.get(0) : ServerEvents.of(listeners.toArray(ServerEvents[]::new)));
		}
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder, builder.build()));
		return builder.build();
	}

	/**
	 * Maps the configuration; a failure while webserv.servers comes from several property
	 * sources is explained as the list replacement it probably is.
	 */
	private static ServerConfig.Builder map(ServerConfigMapper mapper, List<MountedRoute> routes,
			ConfigurableApplicationContext context) {
		List<String> sources = ServerListSources.of(context.getEnvironment());
		if (sources.size() > 1) {
			logger.warn("webserv.servers is set in " + String.join(" and ", sources) + ": the list from "
					+ sources.get(0) + " replaces the others whole (Spring Boot does not merge lists)");
		}
		try {
			return mapper.map(routes);
		}
		catch (RuntimeException e) {
			throw sources.size() > 1 ? new ServerListReplacedException(sources, e) : e;
		}
	}

	@Bean(destroyMethod = "destroy")
	@ConditionalOnMissingBean(value = WebservWebServer.class, type = REACTIVE_FACTORY)
	WebservWebServer webservWebServer(ServerConfig config, WebservProperties properties, Environment environment) {
		Shutdown shutdown = properties.getShutdown() != null ? properties.getShutdown()
				: new StandardKeys(environment).shutdown();
		// an access-log file that could never be written is refused here, naming its
		// property
		return new WebservWebServer(CoreSettings.build("webserv", Map.of(), () -> new Webserv(config)), shutdown);
	}

	@Bean
	@ConditionalOnMissingBean(value = WebservLifecycle.class, type = REACTIVE_FACTORY)
	WebservLifecycle webservLifecycle(WebservWebServer webServer, ConfigurableApplicationContext context) {
		return new WebservLifecycle(webServer, context, !new StandardKeys(context.getEnvironment()).noWebServerTest());
	}

	@Bean
	@ConditionalOnMissingBean(name = "webservShutdownDelay")
	SmartLifecycle webservShutdownDelay(WebservProperties properties) {
		return new ShutdownDelay(properties.getShutdownDelay());
	}

	@Bean
	@ConditionalOnMissingBean(name = "webservGracefulShutdown", type = REACTIVE_FACTORY)
	WebServerGracefulShutdownLifecycle webservGracefulShutdown(WebservWebServer webServer) {
		return new WebServerGracefulShutdownLifecycle(webServer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static final class JacksonJsonWriterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JsonWriter webservJsonWriter(ObjectProvider<JsonMapper> jsonMapper) {
			JsonMapper mapper = jsonMapper.getIfUnique(JsonMapper::shared);
			return mapper::writeValueAsBytes;
		}

	}

}
