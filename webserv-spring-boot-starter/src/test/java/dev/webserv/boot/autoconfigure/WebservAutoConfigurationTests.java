package dev.webserv.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.webserv.Webserv;
import dev.webserv.boot.JsonWriter;
import dev.webserv.boot.WebservResponses;
import dev.webserv.boot.WebservServerCustomizer;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.ServerEvents;

import static org.assertj.core.api.Assertions.assertThat;

class WebservAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void startsOnServerPortWhenNoListenAddressIsConfigured() {
		runner.run(context -> {
			assertThat(context).hasSingleBean(WebservWebServer.class)
				.hasSingleBean(ServerConfig.class)
				.hasSingleBean(WebservLifecycle.class)
				.hasSingleBean(WebservResponses.class)
				.hasBean("webservGracefulShutdown");
			assertThat(context.getBean("webservGracefulShutdown"))
				.isInstanceOf(WebServerGracefulShutdownLifecycle.class);
			WebservWebServer server = context.getBean(WebservWebServer.class);
			assertThat(server.getWebserv().state()).isEqualTo(Webserv.State.RUNNING);
			assertThat(server.getPort()).isPositive();
			assertThat(context.getEnvironment().getProperty("local.server.port", Integer.class))
				.isEqualTo(server.getPort());
			assertThat(context.getEnvironment().getProperty("local.webserv.port", Integer.class))
				.isEqualTo(server.getPort());
			assertThat(context.getEnvironment().getProperty("local.webserv.servers.0.port", Integer.class))
				.isEqualTo(server.getPort());
			assertThat(Http.get(server.getPort(), "/nothing-here").statusCode()).isEqualTo(404);
		});
	}

	@Test
	void isOffWhenDisabled() {
		runner.withPropertyValues("webserv.enabled=false").run(context -> {
			assertThat(context).doesNotHaveBean(WebservWebServer.class).doesNotHaveBean(ServerConfig.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnServer() {
		runner.withUserConfiguration(OwnServerConfiguration.class).run(context -> {
			assertThat(context).hasSingleBean(WebservWebServer.class).hasBean("ownServer");
			assertThat(context).doesNotHaveBean(ServerConfig.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnConfig() {
		runner.withUserConfiguration(OwnConfigConfiguration.class).run(context -> {
			assertThat(context).hasSingleBean(ServerConfig.class).hasBean("ownConfig");
			assertThat(context.getBean(ServerConfig.class).serverHeader()).isEqualTo("own");
		});
	}

	@Test
	void bindsThreadsLimitsAndTimeouts() {
		runner
			.withPropertyValues("webserv.io-threads=2", "webserv.worker-threads=7", "webserv.virtual-threads=false",
					"webserv.server-header=test", "webserv.limits.max-connections=50", "webserv.limits.backlog=10",
					"webserv.limits.max-request-line-length=4KB", "webserv.limits.max-header-size=16KB",
					"webserv.limits.max-header-count=20", "webserv.limits.max-body-size=10MB",
					"webserv.limits.max-requests-per-connection=5", "webserv.limits.body-memory-threshold=1KB",
					"webserv.limits.max-cgi-processes=3", "webserv.timeouts.header=1s", "webserv.timeouts.idle=2s",
					"webserv.timeouts.body=3s", "webserv.timeouts.min-body-rate=1KB", "webserv.timeouts.write=4s",
					"webserv.timeouts.min-write-rate=0B", "webserv.timeouts.handler=5s", "webserv.timeouts.cgi=6s",
					"webserv.timeouts.shutdown=7s")
			.run(context -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.ioThreads()).isEqualTo(2);
				assertThat(config.workerThreads()).isEqualTo(7);
				assertThat(config.virtualThreads()).isFalse();
				assertThat(config.serverHeader()).isEqualTo("test");
				assertThat(config.limits()).isEqualTo(new dev.webserv.config.Limits(50, 10, 4096, 16384, 20,
						10 * 1024 * 1024, 5, 1024, 3, dev.webserv.config.Limits.DEFAULTS.maxQueuedHandlers()));
				assertThat(config.timeouts()).isEqualTo(new dev.webserv.config.Timeouts(Duration.ofSeconds(1),
						Duration.ofSeconds(2), Duration.ofSeconds(3), 1024, Duration.ofSeconds(4), 0,
						Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(7)));
			});
	}

	@Test
	void defaultsMatchTheCore() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
			.withPropertyValues("server.port=0", "server.address=127.0.0.1")
			.run(context -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				ServerConfig core = ServerConfig.builder().server(VirtualServer.builder().listen("1").build()).build();
				assertThat(config.limits()).isEqualTo(core.limits());
				assertThat(config.timeouts()).isEqualTo(core.timeouts());
				assertThat(config.ioThreads()).isEqualTo(core.ioThreads());
				assertThat(config.workerThreads()).isEqualTo(core.workerThreads());
				assertThat(config.serverHeader()).isEqualTo(core.serverHeader());
			});
	}

	@Test
	void followsBootsStandardKeys() {
		runner
			.withPropertyValues("server.max-http-request-header-size=4KB", "server.shutdown=immediate",
					"spring.lifecycle.timeout-per-shutdown-phase=12s", "spring.threads.virtual.enabled=true")
			.run(context -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.limits().maxHeaderSize()).isEqualTo(4096);
				assertThat(config.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(12));
				assertThat(config.virtualThreads()).isTrue();
				assertThat(config.servers().get(0).listen()).containsExactly(new ListenAddress("127.0.0.1", 0));
				assertThat(context.getBean(WebservWebServer.class).getShutdown()).isEqualTo(Shutdown.IMMEDIATE);
			});
	}

	@Test
	void webservKeysWinOverBootsStandardKeys() {
		runner
			.withPropertyValues("server.max-http-request-header-size=4KB", "webserv.limits.max-header-size=2KB",
					"server.shutdown=immediate", "webserv.shutdown=graceful", "spring.threads.virtual.enabled=true",
					"webserv.virtual-threads=false", "spring.lifecycle.timeout-per-shutdown-phase=12s",
					"webserv.timeouts.shutdown=3s")
			.run(context -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.limits().maxHeaderSize()).isEqualTo(2048);
				assertThat(config.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.virtualThreads()).isFalse();
				assertThat(context.getBean(WebservWebServer.class).getShutdown()).isEqualTo(Shutdown.GRACEFUL);
			});
	}

	@Test
	void appliesCustomizersInOrderAfterTheProperties() {
		runner.withPropertyValues("webserv.limits.max-connections=50")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run(context -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.limits().maxConnections()).isEqualTo(60);
				assertThat(config.serverHeader()).isEqualTo("second");
			});
	}

	@Test
	void plugsInServerEventsBeans() {
		runner.withUserConfiguration(EventsConfiguration.class).run(context -> {
			assertThat(context.getBean(ServerConfig.class).events()).isSameAs(EventsConfiguration.EVENTS);
		});
	}

	@Test
	void writesJsonWithTheApplicationsJacksonMapper() {
		runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run(context -> {
			assertThat(context).hasSingleBean(JsonWriter.class);
			WebservResponses responses = context.getBean(WebservResponses.class);
			assertThat(new String(responses.json(java.util.Map.of("a", 1)).bytes())).isEqualTo("{\"a\":1}");
		});
	}

	@Test
	void runsWithoutJackson() {
		runner.withClassLoader(new FilteredClassLoader("tools.jackson")).run(context -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JsonWriter.class);
			assertThat(context.getBean(WebservResponses.class).canWriteJson()).isFalse();
		});
	}

	@Test
	void runsWithoutMicrometerOrActuator() {
		runner
			.withClassLoader(new FilteredClassLoader("io.micrometer.core", "org.springframework.boot.actuate",
					"org.springframework.boot.micrometer"))
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(WebservWebServer.class);
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.get(port, "/").statusCode()).isEqualTo(404);
			});
	}

	@Test
	void gracefulShutdownReportsIdleWhenNothingIsInFlight() {
		runner.run(context -> {
			WebservWebServer server = context.getBean(WebservWebServer.class);
			java.util.concurrent.CompletableFuture<GracefulShutdownResult> result = new java.util.concurrent.CompletableFuture<>();
			server.shutDownGracefully(result::complete);
			assertThat(result.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
		});
	}

	@Test
	void immediateShutdownReportsImmediate() {
		runner.withPropertyValues("webserv.shutdown=immediate").run(context -> {
			WebservWebServer server = context.getBean(WebservWebServer.class);
			java.util.concurrent.CompletableFuture<GracefulShutdownResult> result = new java.util.concurrent.CompletableFuture<>();
			server.shutDownGracefully(result::complete);
			assertThat(result.get(5, java.util.concurrent.TimeUnit.SECONDS))
				.isEqualTo(GracefulShutdownResult.IMMEDIATE);
		});
	}

	@Test
	void stopsWhenTheContextCloses() {
		WebservWebServer[] server = new WebservWebServer[1];
		runner.run(context -> server[0] = context.getBean(WebservWebServer.class));
		assertThat(server[0].getWebserv().state()).isEqualTo(Webserv.State.STOPPED);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnServerConfiguration {

		@Bean
		WebservWebServer ownServer() {
			ServerConfig config = ServerConfig.builder()
				.ioThreads(1)
				.server(VirtualServer.builder().listen("127.0.0.1:0").build())
				.build();
			return new WebservWebServer(new Webserv(config), Shutdown.GRACEFUL);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConfigConfiguration {

		@Bean
		ServerConfig ownConfig() {
			return ServerConfig.builder()
				.ioThreads(1)
				.serverHeader("own")
				.server(VirtualServer.builder().listen("127.0.0.1:0").build())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		WebservServerCustomizer second() {
			return (builder, current) -> builder.serverHeader("second");
		}

		@Bean
		@Order(1)
		WebservServerCustomizer first() {
			return (builder, current) -> builder.serverHeader("first")
				.limits(current.limits().withMaxConnections(current.limits().maxConnections() + 10));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventsConfiguration {

		static final ServerEvents EVENTS = new ServerEvents() {
		};

		@Bean
		ServerEvents testEvents() {
			return EVENTS;
		}

	}

}
