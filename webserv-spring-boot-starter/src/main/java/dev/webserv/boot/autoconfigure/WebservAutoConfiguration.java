package dev.webserv.boot.autoconfigure;

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
import org.springframework.core.env.Environment;

import dev.webserv.Webserv;
import dev.webserv.boot.ExceptionStatuses;
import dev.webserv.boot.JsonWriter;
import dev.webserv.boot.WebservResponses;
import dev.webserv.boot.WebservServerCustomizer;
import dev.webserv.boot.WebservWebServer;
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
public final class WebservAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WebservAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WebservResponses webservResponses(ObjectProvider<JsonWriter> jsonWriter,
			ObjectProvider<ExceptionStatuses> exceptionStatuses) {
		return new WebservResponses(jsonWriter.getIfUnique(),
				ExceptionStatuses.merge(exceptionStatuses.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean({ ServerConfig.class, WebservWebServer.class })
	ServerConfig webservServerConfig(WebservProperties properties, ConfigurableApplicationContext context,
			WebservResponses responses, ObjectProvider<ServerEvents> events,
			ObjectProvider<WebservServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
		HandlerBeans handlers = new HandlerBeans(context.getBeanFactory(), responses);
		ServerConfigMapper mapper = new ServerConfigMapper(properties, new StandardKeys(context.getEnvironment()),
				handlers::handlerBean, context instanceof WebServerApplicationContext, context.getClassLoader(),
				new SslMapper(context.getEnvironment(), sslBundles.getIfAvailable()));
		ServerConfig.Builder builder = map(mapper, handlers, context);
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
	private static ServerConfig.Builder map(ServerConfigMapper mapper, HandlerBeans handlers,
			ConfigurableApplicationContext context) {
		List<String> sources = ServerListSources.of(context.getEnvironment());
		if (sources.size() > 1) {
			logger.warn("webserv.servers is set in " + String.join(" and ", sources) + ": the list from "
					+ sources.get(0) + " replaces the others whole (Spring Boot does not merge lists)");
		}
		try {
			return mapper.map(handlers.routes());
		}
		catch (RuntimeException e) {
			throw sources.size() > 1 ? new ServerListReplacedException(sources, e) : e;
		}
	}

	@Bean(destroyMethod = "destroy")
	@ConditionalOnMissingBean
	WebservWebServer webservWebServer(ServerConfig config, WebservProperties properties, Environment environment) {
		Shutdown shutdown = properties.getShutdown() != null ? properties.getShutdown()
				: new StandardKeys(environment).shutdown();
		// an access-log file that could never be written is refused here, naming its
		// property
		return new WebservWebServer(CoreSettings.build("webserv", Map.of(), () -> new Webserv(config)), shutdown);
	}

	@Bean
	@ConditionalOnMissingBean
	WebservLifecycle webservLifecycle(WebservWebServer webServer, ConfigurableApplicationContext context) {
		return new WebservLifecycle(webServer, context, !new StandardKeys(context.getEnvironment()).noWebServerTest());
	}

	@Bean
	@ConditionalOnMissingBean(name = "webservShutdownDelay")
	SmartLifecycle webservShutdownDelay(WebservProperties properties) {
		return new ShutdownDelay(properties.getShutdownDelay());
	}

	@Bean
	@ConditionalOnMissingBean(name = "webservGracefulShutdown")
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
