package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.metrics.TestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * webserv.shutdown-delay: once the context starts closing, readiness answers 503 while
 * webserv still accepts and answers everything else for the delay; then it drains and its
 * listener closes.
 */
class ShutdownDelayTests {

	@Test
	void readinessGoesDownWhileWebservKeepsServingForTheDelay() throws Exception {
		ConfigurableApplicationContext context = run("webserv.shutdown-delay=2s");
		int port = context.getBean(WebservWebServer.class).getPort();
		assertThat(Http.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);

		long start = System.nanoTime();
		Thread closing = new Thread(context::close, "closing-context");
		closing.start();
		TestClient.await("readiness down", () -> Http.get(port, "/actuator/health/readiness").statusCode() == 503);
		assertThat(closing.isAlive()).as("still in the delay").isTrue();
		assertThat(Http.get(port, "/hello").body()).as("a new connection, answered").isEqualTo("hello");

		closing.join(15_000);
		assertThat(closing.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(refused(port)).as("the listener is closed after the drain").isTrue();
	}

	@Test
	void noDelayByDefault() {
		ConfigurableApplicationContext context = run();
		long start = System.nanoTime();
		context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void aNegativeDelayFailsStartUp() {
		assertThatThrownBy(() -> run("webserv.shutdown-delay=-1s"))
			.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class)
			.rootCause()
			.hasMessageContaining("webserv.shutdown-delay");
	}

	private static boolean refused(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return false;
		}
		catch (ConnectException e) {
			return true;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(HelloApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off", "management.endpoints.web.exposure.include=health",
					"management.endpoint.health.probes.enabled=true")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HelloApp {

		@Bean
		Routes helloRoutes() {
			return Routes.builder().get("/hello", request -> "hello").build();
		}

	}

}
