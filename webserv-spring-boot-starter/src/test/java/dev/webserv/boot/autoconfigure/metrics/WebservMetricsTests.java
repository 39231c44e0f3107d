package dev.webserv.boot.autoconfigure.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;

import static dev.webserv.boot.autoconfigure.metrics.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of a real application, fed by real traffic: HttpClient on the main server,
 * raw sockets on a second listener ("raw") whose connection meters no other test touches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebservMetricsTests {

	private static final CountDownLatch release = new CountDownLatch(1);

	private ConfigurableApplicationContext context;

	private MeterRegistry registry;

	private int port;

	private int rawPort;

	private String raw;

	@BeforeAll
	void start() {
		context = new SpringApplicationBuilder(MetricsApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=2",
					"spring.main.banner-mode=off", "management.metrics.use-global-registry=false",
					"webserv.timeouts.header=300ms", "webserv.servers[0].name=main", "webserv.servers[1].name=raw",
					"webserv.servers[1].listen[0]=127.0.0.1:0", "webserv.servers[0].locations[0].path=/denied",
					"webserv.servers[0].locations[0].access=deny all")
			.run();
		registry = context.getBean(MeterRegistry.class);
		port = context.getEnvironment().getProperty("local.webserv.servers.main.port", Integer.class);
		rawPort = context.getEnvironment().getProperty("local.webserv.servers.raw.port", Integer.class);
		raw = "127.0.0.1:" + rawPort;
	}

	@AfterAll
	void stop() {
		release.countDown();
		context.close();
	}

	@Test
	void requestsAreTimedUnderTheirRouteTemplateNeverTheRawPath() {
		Timer earlier = registry.find("http.server.requests").tags("uri", "/users/{id}", "method", "GET").timer();
		long before = earlier == null ? 0 : earlier.count();
		assertThat(TestClient.get(port, "/users/42").statusCode()).isEqualTo(200);
		assertThat(TestClient.get(port, "/users/7").statusCode()).isEqualTo(200);
		// recorded when the last byte has been written, which the client may see first
		TestClient.await("both requests recorded", () -> {
			Timer recorded = registry.find("http.server.requests").tags("uri", "/users/{id}", "method", "GET").timer();
			return recorded != null && recorded.count() == before + 2;
		});
		Timer timer = registry.get("http.server.requests").tags("uri", "/users/{id}", "method", "GET").timer();
		assertThat(timer.getId().getTags()).containsExactlyInAnyOrder(Tag.of("error", "none"),
				Tag.of("exception", "none"), Tag.of("method", "GET"), Tag.of("outcome", "SUCCESS"),
				Tag.of("status", "200"), Tag.of("uri", "/users/{id}"));
		assertThat(timer.count()).isEqualTo(before + 2);
		assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(registry.find("http.server.requests").meters())
			.noneMatch(meter -> meter.getId().getTag("uri").contains("42"));
	}

	@Test
	void aPathNothingMatchesIsTaggedNotFound() {
		assertThat(TestClient.get(port, "/nothing/here").statusCode()).isEqualTo(404);
		Timer timer = registry.get("http.server.requests").tags("uri", "NOT_FOUND").timer();
		assertThat(timer.getId().getTag("status")).isEqualTo("404");
		assertThat(timer.getId().getTag("outcome")).isEqualTo("CLIENT_ERROR");
	}

	@Test
	void aRefusedRequestIsCountedByRouteAndReason() {
		assertThat(TestClient.get(port, "/denied/x").statusCode()).isEqualTo(403);
		assertThat(registry.get("webserv.requests.refused")
			.tags("uri", "/denied/**", "reason", "access")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aHandlerExceptionIsCountedByClassAndRouteAndTagsTheRequest() {
		Counter earlier = registry.find("webserv.handler.errors").tag("uri", "/boom").counter();
		double before = earlier == null ? 0 : earlier.count();
		assertThat(TestClient.get(port, "/boom").statusCode()).isEqualTo(500);
		assertThat(registry.get("webserv.handler.errors")
			.tags("uri", "/boom", "exception", "IllegalStateException")
			.counter()
			.count()).isEqualTo(before + 1);
		// the request is timed once its last byte left, which may be after the client
		// read it
		await("the request is timed", () -> registry.find("http.server.requests").tags("uri", "/boom").timer() != null);
		Timer timer = registry.get("http.server.requests").tags("uri", "/boom").timer();
		assertThat(timer.getId().getTags()).contains(Tag.of("status", "500"), Tag.of("outcome", "SERVER_ERROR"),
				Tag.of("exception", "IllegalStateException"), Tag.of("error", "IllegalStateException"));
	}

	@Test
	void everyRequestMeterCarriesTheSameTagKeys() {
		TestClient.get(port, "/users/1");
		TestClient.get(port, "/nothing");
		TestClient.get(port, "/boom");
		TestClient.send("DELETE", port, "/users/1", null, null);
		Collection<Meter> meters = registry.find("http.server.requests").meters();
		assertThat(meters).hasSizeGreaterThanOrEqualTo(3);
		assertThat(meters).allSatisfy(
				meter -> assertThat(meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()))
					.isEqualTo(Set.of("error", "exception", "method", "outcome", "status", "uri")));
	}

	@Test
	void aClosedConnectionIsCountedWithItsBytesDurationAndRequests() throws IOException {
		double closedBefore = counter("webserv.connections.closed", raw);
		double acceptedBefore = counter("webserv.connections.accepted", raw);
		double receivedBefore = counter("webserv.bytes.received", raw);
		double sentBefore = counter("webserv.bytes.sent", raw);
		String request = "GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n";
		String last = "GET /users/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
		String answers = TestClient.exchangeUntilClosed(rawPort, request + last);
		assertThat(answers).contains("{\"id\":\"1\"}").contains("{\"id\":\"2\"}");
		await("the connection is counted closed", () -> counter("webserv.connections.closed", raw) == closedBefore + 1);
		assertThat(counter("webserv.connections.accepted", raw)).isEqualTo(acceptedBefore + 1);
		assertThat(counter("webserv.bytes.received", raw) - receivedBefore)
			.isEqualTo((request + last).getBytes(StandardCharsets.ISO_8859_1).length);
		assertThat(counter("webserv.bytes.sent", raw) - sentBefore)
			.isEqualTo(answers.getBytes(StandardCharsets.ISO_8859_1).length);
		DistributionSummary requests = registry.get("webserv.connections.requests").tag("listener", raw).summary();
		assertThat(requests.max()).isGreaterThanOrEqualTo(2);
		assertThat(registry.get("webserv.connections.duration").tag("listener", raw).timer().count())
			.isEqualTo((long) closedBefore + 1);
	}

	@Test
	void theActiveConnectionGaugeFollowsOpenSockets() throws IOException {
		double before = gauge("webserv.connections.active", raw);
		try (Socket first = TestClient.connect(rawPort); Socket second = TestClient.connect(rawPort)) {
			await("two more connections are active", () -> gauge("webserv.connections.active", raw) == before + 2);
		}
		await("they are no longer active", () -> gauge("webserv.connections.active", raw) == before);
	}

	@Test
	void requestsInFlightAndBusyWorkersAreGaugedWhileAHandlerRuns() {
		CompletableFuture<HttpResponse<String>> held = CompletableFuture
			.supplyAsync(() -> TestClient.get(port, "/hold?ms=10000"));
		await("a request is in flight", () -> registry.get("webserv.requests.active").gauge().value() >= 1
				&& registry.get("webserv.workers.busy").gauge().value() >= 1);
		release.countDown();
		assertThat(held.join().statusCode()).isEqualTo(200);
		assertThat(registry.get("webserv.workers.queued").gauge().value()).isZero();
	}

	@Test
	void parseErrorsAreCountedByReason() throws IOException {
		String answer = TestClient.exchangeUntilClosed(rawPort, "GET / HTTP/1.1\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		await("the rejection is counted",
				() -> registry.find("webserv.parse.errors")
					.tags("listener", raw, "reason", "MISSING_HOST")
					.counter() != null);
		assertThat(
				registry.get("webserv.parse.errors").tags("listener", raw, "reason", "MISSING_HOST").counter().count())
			.isEqualTo(1);
	}

	@Test
	void timeoutsAreCountedByPhase() throws IOException {
		try (Socket socket = TestClient.connect(rawPort)) {
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			assertThat(TestClient.readToEnd(in)).startsWith("HTTP/1.1 408");
		}
		assertThat(registry.get("webserv.timeouts").tags("listener", raw, "phase", "HEADER").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void serverGaugesAreBound() {
		assertThat(registry.get("webserv.eventloop.keys.per.wakeup").gauges()).extracting(g -> g.getId().getTag("loop"))
			.containsExactlyInAnyOrder("webserv-io-1", "webserv-io-2");
		assertThat(registry.get("webserv.cgi.processes").gauge().value()).isZero();
		assertThat(registry.get("webserv.connections.max").gauge().value()).isEqualTo(10_000);
		assertThat(registry.get("webserv.connections.active").gauges()).extracting(g -> g.getId().getTag("listener"))
			.containsExactlyInAnyOrder("127.0.0.1:" + port, raw);
	}

	private double counter(String name, String listener) {
		Counter counter = registry.find(name).tag("listener", listener).counter();
		return counter == null ? 0 : counter.count();
	}

	private double gauge(String name, String listener) {
		Gauge gauge = registry.get(name).tag("listener", listener).gauge();
		return gauge.value();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MetricsApp {

		@Bean
		Routes metricsRoutes() {
			return Routes.builder()
				.get("/users/{id}", request -> java.util.Map.of("id", request.pathVariable("id")))
				.delete("/users/{id}", request -> null)
				.get("/boom", request -> {
					throw new IllegalStateException("boom");
				})
				.get("/hold", request -> {
					release.await(10, TimeUnit.SECONDS);
					return "released";
				})
				.build();
		}

	}

}
