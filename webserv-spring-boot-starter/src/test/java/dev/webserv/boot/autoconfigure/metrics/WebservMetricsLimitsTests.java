package dev.webserv.boot.autoconfigure.metrics;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;

import static dev.webserv.boot.autoconfigure.metrics.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The connection limit and the uri-tag cap, each on an application of its own. */
class WebservMetricsLimitsTests {

	@Test
	void aConnectionOverTheLimitIsCountedRejected() throws IOException {
		try (ConfigurableApplicationContext context = run("webserv.limits.max-connections=1",
				"webserv.limits.reclaim-at-limit=false")) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			String listener = "127.0.0.1:" + port;
			try (Socket held = TestClient.connect(port)) {
				await("the first connection is open",
						() -> registry.get("webserv.connections.active")
							.tag("listener", listener)
							.gauge()
							.value() == 1);
				try (Socket refused = TestClient.connect(port)) {
					assertThat(TestClient.readToEnd(refused.getInputStream())).startsWith("HTTP/1.1 503");
				}
				await("the second connection is counted rejected", () -> {
					Counter rejected = registry.find("webserv.connections.rejected")
						.tag("listener", listener)
						.counter();
					return rejected != null && rejected.count() == 1;
				});
			}
		}
	}

	@Test
	void anIdleConnectionReclaimedAtTheLimitIsCountedByReason() throws IOException {
		try (ConfigurableApplicationContext context = run("webserv.limits.max-connections=1")) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			String listener = "127.0.0.1:" + port;
			try (Socket idle = TestClient.connect(port)) {
				idle.getOutputStream().write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(new String(idle.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
					.isEqualTo("HTTP/1.1 200");
				assertThat(
						TestClient.exchangeUntilClosed(port, "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
					.as("the newcomer is served in the idle one's place")
					.startsWith("HTTP/1.1 200");
				await("the idle connection counted reclaimed", () -> {
					Counter reclaimed = registry.find("webserv.connections.reclaimed")
						.tags("listener", listener, "reason", "IDLE")
						.counter();
					return reclaimed != null && reclaimed.count() == 1;
				});
			}
		}
	}

	@Test
	void theUriTagTakesNoMoreValuesThanAllowed() {
		try (ConfigurableApplicationContext context = run("management.metrics.web.server.max-uri-tags=2")) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			for (String path : new String[] { "/a", "/b", "/c", "/a", "/nothing" }) {
				TestClient.get(port, path);
			}
			Set<String> uris = registry.find("http.server.requests")
				.meters()
				.stream()
				.map(meter -> meter.getId().getTag("uri"))
				.collect(Collectors.toSet());
			assertThat(uris).containsExactlyInAnyOrder("/a", "/b");
			assertThat(registry.get("webserv.connections.accepted").counter().count()).isPositive();
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(LimitsApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off", "management.metrics.use-global-registry=false")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LimitsApp {

		@Bean
		Routes limitsRoutes() {
			return Routes.builder()
				.get("/a", request -> "a")
				.get("/b", request -> "b")
				.get("/c", request -> "c")
				.build();
		}

	}

}
