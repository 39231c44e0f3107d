package dev.webserv.boot.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.Webserv;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.metrics.TestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start, graceful and immediate stop, and a port in use, through a real
 * SpringApplication.
 */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleTests {

	@Test
	void gracefulShutdownLetsARequestInFlightFinish() throws Exception {
		ConfigurableApplicationContext context = run("server.shutdown=graceful");
		int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture
			.supplyAsync(() -> Http.get(port, "/slow?ms=600"));
		awaitInFlight(context);
		Webserv webserv = context.getBean(WebservWebServer.class).getWebserv();
		long start = System.nanoTime();
		context.close();
		assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("done after 600ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(webserv.state()).isEqualTo(Webserv.State.STOPPED);
	}

	@Test
	void gracefulShutdownGivesUpAfterTheShutdownPhaseTimeout() throws Exception {
		ConfigurableApplicationContext context = run("spring.lifecycle.timeout-per-shutdown-phase=300ms");
		int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture
			.supplyAsync(() -> Http.get(port, "/slow?ms=5000"));
		awaitInFlight(context);
		long start = System.nanoTime();
		context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(slow).failsWithin(Duration.ofSeconds(5));
	}

	@Test
	void immediateShutdownClosesAtOnce() throws Exception {
		ConfigurableApplicationContext context = run("webserv.shutdown=immediate");
		int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture
			.supplyAsync(() -> Http.get(port, "/slow?ms=5000"));
		awaitInFlight(context);
		long start = System.nanoTime();
		context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(slow).failsWithin(Duration.ofSeconds(5));
	}

	@Test
	void portInUseFailsStartUpWithADescriptionAndAnAction(CapturedOutput output) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			int port = taken.getLocalPort();
			assertThatThrownBy(() -> run("server.port=" + port)).satisfies(failure -> {
				FailureAnalysis analysis = new WebservBindFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.isEqualTo("webserv failed to start: 127.0.0.1:" + port + " is already in use.");
				assertThat(analysis.getAction()).contains("stop the process that is listening on port " + port)
					.contains("server.port");
			});
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("127.0.0.1:" + port + " is already in use.");
		}
	}

	private static void awaitInFlight(ConfigurableApplicationContext context) {
		WebservWebServer server = context.getBean(WebservWebServer.class);
		TestClient.await("a request in flight", () -> server.getWebserv().statistics().requestsInFlight() > 0);
		assertThat(server.getWebserv().statistics().requestsInFlight()).isEqualTo(1);
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(SlowApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SlowApp {

		@Bean
		Routes slowRoutes() {
			return Routes.builder().get("/slow", request -> {
				long ms = Long.parseLong(request.queryParameter("ms"));
				Thread.sleep(ms);
				return "done after " + ms + "ms";
			}).build();
		}

	}

}
