package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Every state of an exchange has a deadline, proven against handlers and clients that
 * misbehave: a handler that never answers, one that commits and never ends, a subscriber
 * that never asks for the body, a client that never sends the body it announced.
 */
class ExchangeDeadlinesTest {

	private final RecordingEvents events = new RecordingEvents();

	private final CompletableFuture<Throwable> bodyError = new CompletableFuture<>();

	private final CompletableFuture<Throwable> aborted = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() {
		Timeouts timeouts = Timeouts.DEFAULTS.withHandler(Duration.ofMillis(400))
			.withIdle(Duration.ofMillis(600))
			.withBody(Duration.ofMillis(400))
			.withMinBodyRate(1000);
		server = TestServers.start(s -> s.exchange("GET", "/never", exchange -> {
			exchange.onAbort(aborted::complete);
		}).exchange("GET", "/open", exchange -> {
			exchange.onAbort(aborted::complete);
			exchange.write(ByteBuffer.wrap("started".getBytes(StandardCharsets.UTF_8)));
			exchange.flush();
		}).exchange("POST", "/ignore", exchange -> {
			BodyCollector never = new BodyCollector(0);
			exchange.requestBody().subscribe(never);
			never.body().whenComplete((body, error) -> bodyError.complete(error));
		}).exchange("POST", "/read", exchange -> {
			BodyCollector collector = new BodyCollector();
			exchange.requestBody().subscribe(collector);
			collector.body().whenComplete((body, error) -> {
				bodyError.complete(error);
				exchange.end();
			});
		}), config -> config.timeouts(timeouts).events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aHandlerThatNeverAnswersGets503() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(503);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(aborted.get(5, TimeUnit.SECONDS)).isNotNull();
		assertThat(events.timeouts).contains(TimeoutPhase.HANDLER);
	}

	@Test
	void aResponseCommittedAndNeverEndedIsClosed() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /open HTTP/1.1\r\nHost: x\r\n\r\n");
			String all = raw.readToEnd(); // returns once the server closes
			assertThat(all).startsWith("HTTP/1.1 200").contains("started").doesNotContain("\r\n0\r\n\r\n");
		}
		assertThat(aborted.get(5, TimeUnit.SECONDS)).isNotNull();
		Await.until("the exchange logged with its failure",
				() -> events.completed.stream().anyMatch(log -> log.status() == 200 && log.error() != null));
	}

	@Test
	void aSubscriberThatNeverRequestsTimesOut() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
			assertThat(raw.read().status()).isEqualTo(503);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(bodyError.get(5, TimeUnit.SECONDS)).isNotNull();
	}

	@Test
	void aBodyDemandedAndNeverSentGets408() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten.");
			assertThat(raw.read().status()).isEqualTo(408);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(bodyError.get(5, TimeUnit.SECONDS)).isNotNull();
		assertThat(events.timeouts).contains(TimeoutPhase.BODY);
	}

	@Test
	void aBodyTrickledUnderTheMinimumRateGets408() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
			InputStream in = raw.socket().getInputStream();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			// a byte every 50 ms: inside the body gap timeout, far under 1,000 bytes/s
			while (in.available() == 0 && System.nanoTime() < deadline) {
				raw.send("x");
				Thread.sleep(50);
			}
			assertThat(raw.read().status()).isEqualTo(408);
		}
		assertThat(bodyError.get(5, TimeUnit.SECONDS)).isNotNull();
		assertThat(events.timeouts).contains(TimeoutPhase.BODY);
	}

}
