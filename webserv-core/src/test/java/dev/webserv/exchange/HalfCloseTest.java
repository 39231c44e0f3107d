package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.ServerStatistics;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A client that half-closes its side (shutdownOutput) once its requests are sent, as
 * {@code nc -N}, some health checkers and HTTP/1.0 tools do, still gets the answers to
 * the requests it sent whole, then the server closes (Tomcat, Jetty and HAProxy do the
 * same; nginx and Go take the FIN for an abort). With nothing whole to answer (mid head,
 * mid body) the FIN closes at once, and a half-closed connection keeps its deadlines.
 */
class HalfCloseTest {

	private static final String GET = "GET %s HTTP/1.1\r\nHost: x\r\n\r\n";

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private void start(Timeouts timeouts) {
		server = TestServers.start(s -> s
			.exchange("GET", "/exchange",
					exchange -> CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
						.execute(() -> BodyCollector.answer(exchange, "later")))
			.route("GET", "/classic", (Handler) request -> {
				Thread.sleep(300);
				return Response.ok("later");
			})
			.route("GET", "/slow", (Handler) request -> {
				Thread.sleep(1000);
				return Response.ok("slow");
			})
			.route("GET", "/hangs", (Handler) request -> {
				Thread.sleep(30_000);
				return Response.ok("too late");
			})
			.route("POST", "/upload", request -> Response.ok("got " + request.body().length())),
				c -> c.timeouts(timeouts).events(events));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/exchange", "/classic" })
	void aHalfClosedClientStillGetsALateAnswerThenTheServerCloses(String path) throws Exception {
		start(Timeouts.DEFAULTS);
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send(GET.formatted(path));
			raw.socket().shutdownOutput();

			RawClient.RawResponse response = raw.read();
			assertThat(response.bodyText()).isEqualTo("later");
			assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
			assertThat(raw.closedByServer()).isTrue();
		}
		Await.until("the connection closed", () -> server.statistics().connections() == 0);
		assertThat(events.completed).singleElement().satisfies(log -> assertThat(log.status()).isEqualTo(200));
	}

	@Test
	void pipelinedRequestsSentWholeBeforeTheFinAreAllAnswered() throws Exception {
		start(Timeouts.DEFAULTS);
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send(GET.formatted("/classic") + GET.formatted("/exchange") + GET.formatted("/classic"));
			raw.socket().shutdownOutput();

			for (int i = 0; i < 3; i++) {
				assertThat(raw.read().bodyText()).as("answer %d", i + 1).isEqualTo("later");
			}
			assertThat(raw.closedByServer()).isTrue();
		}
		Await.until("three completions", () -> events.completed.size() == 3);
		assertThat(events.completed).allSatisfy(log -> assertThat(log.status()).isEqualTo(200));
	}

	@Test
	void aHeadCutByTheFinAfterWholeRequestsIsNotAnswered() throws Exception {
		start(Timeouts.DEFAULTS);
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send(GET.formatted("/classic") + "GET /classic HTTP/1.1\r\nHo");
			raw.socket().shutdownOutput();

			assertThat(raw.read().bodyText()).isEqualTo("later");
			assertThat(raw.closedByServer()).as("closed, the cut head unanswered").isTrue();
		}
		Await.until("the connection closed", () -> server.statistics().connections() == 0);
		assertThat(events.completed).hasSize(1);
	}

	@Test
	void aFinMidHeadClosesAtOnceWithoutAnAnswer() throws Exception {
		start(Timeouts.DEFAULTS);
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET /classic HTTP/1.1\r\nHost: x\r\n");
			raw.socket().shutdownOutput();

			assertThat(raw.closedByServer()).isTrue();
		}
		Await.until("the connection closed", () -> server.statistics().connections() == 0);
		assertThat(events.completed).isEmpty();
	}

	@Test
	void aFinMidBodyClosesAtOnceWithoutAnAnswer() throws Exception {
		start(Timeouts.DEFAULTS);
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
			raw.socket().shutdownOutput();

			assertThat(raw.closedByServer()).isTrue();
		}
		Await.until("the exchange logged as 499", () -> events.completed.size() == 1);
		assertThat(events.completed.get(0).status()).isEqualTo(499);
	}

	@Test
	void aHalfClosedConnectionCostsTheLoopNoCpuWhileItsHandlerRuns() throws Exception {
		start(Timeouts.DEFAULTS);
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send(GET.formatted("/slow"));
			raw.socket().shutdownOutput();
			long before = loopCpuNanos();

			assertThat(raw.read().bodyText()).isEqualTo("slow");
			// a loop that kept reading the ended input would spin for the whole second
			assertThat(Duration.ofNanos(loopCpuNanos() - before)).isLessThan(Duration.ofMillis(300));
		}
	}

	private long loopCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		List<String> loops = server.statistics().loops().stream().map(ServerStatistics.Loop::name).toList();
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> loops.contains(thread.getName()))
			.mapToLong(thread -> threads.getThreadCpuTime(thread.getId()))
			.sum();
	}

	@Test
	void aHalfClosedConnectionWhoseHandlerHangsEndsAtTheHandlerTimeout() throws Exception {
		start(Timeouts.DEFAULTS.withHandler(Duration.ofMillis(500)));
		long sent = System.nanoTime();
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send(GET.formatted("/hangs"));
			raw.socket().shutdownOutput();

			assertThat(raw.read().status()).isEqualTo(503);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
		assertThat(events.timeouts).contains(TimeoutPhase.HANDLER);
		Await.until("the connection closed", () -> server.statistics().connections() == 0);
	}

}
