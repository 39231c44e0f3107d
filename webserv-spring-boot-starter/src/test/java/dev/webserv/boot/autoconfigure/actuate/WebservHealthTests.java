package dev.webserv.boot.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

import dev.webserv.Webserv;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.metrics.TestClient;

import static dev.webserv.boot.autoconfigure.metrics.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webserv health indicator through a server's life, and readiness during a graceful
 * shutdown.
 */
class WebservHealthTests {

	private static final CountDownLatch release = new CountDownLatch(1);

	@Test
	void theIndicatorIsUpWhileEveryListenerIsOpenAndDownOnceTheyClose() {
		ConfigurableApplicationContext context = run();
		try {
			WebservHealthIndicator indicator = context.getBean(WebservHealthIndicator.class);
			Health up = indicator.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			assertThat(up.getDetails()).containsEntry("state", "RUNNING")
				.containsEntry("listeners", Map.of("127.0.0.1:" + port, "open"));
			context.getBean(WebservWebServer.class).getWebserv().stop();
			Health down = indicator.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("state", "STOPPED")
				.containsEntry("listeners", Map.of("127.0.0.1:" + port, "closed"));
		}
		finally {
			context.close();
		}
	}

	@Test
	void theIndicatorIsOutOfServiceWhileAGracefulShutdownDrains() {
		ConfigurableApplicationContext context = run();
		try {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			Webserv webserv = context.getBean(WebservWebServer.class).getWebserv();
			CompletableFuture<HttpResponse<String>> held = CompletableFuture
				.supplyAsync(() -> TestClient.get(port, "/hold"));
			await("the request is in flight", () -> webserv.statistics().requestsInFlight() == 1);
			webserv.shutdownGracefully();
			assertThat(context.getBean(WebservHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
			release.countDown();
			assertThat(held.join().statusCode()).isEqualTo(200);
		}
		finally {
			release.countDown();
			context.close();
		}
	}

	@Test
	void readinessIsRefusedBeforeTheServerStopsAcceptingOnClose() throws Exception {
		ConfigurableApplicationContext context = run();
		int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		assertThat(TestClient.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		AtomicReference<HttpResponse<String>> readiness = new AtomicReference<>();
		AtomicReference<HttpResponse<String>> liveness = new AtomicReference<>();
		AtomicReference<Webserv.State> state = new AtomicReference<>();
		Webserv webserv = context.getBean(WebservWebServer.class).getWebserv();
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
			state.set(webserv.state());
			readiness.set(TestClient.get(port, "/actuator/health/readiness"));
			liveness.set(TestClient.get(port, "/actuator/health/liveness"));
		});
		context.close();
		assertThat(state.get()).isEqualTo(Webserv.State.RUNNING);
		assertThat(readiness.get().statusCode()).isEqualTo(503);
		assertThat(readiness.get().body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
		assertThat(liveness.get().statusCode()).isEqualTo(200);
		assertThat(webserv.state()).isEqualTo(Webserv.State.STOPPED);
	}

	private static ConfigurableApplicationContext run() {
		return new SpringApplicationBuilder(HealthApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off", "management.metrics.use-global-registry=false")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HealthApp {

		@Bean
		Routes holdRoutes() {
			return Routes.builder().get("/hold", request -> {
				release.await(10, TimeUnit.SECONDS);
				return "released";
			}).build();
		}

	}

}
