package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * An idle keep-alive connection rests in its loop until its idle deadline instead of
 * being checked at every tick: every deadline must still hold, whatever it does next.
 */
class RestingConnectionTest {

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void aRestingConnectionThatStartsAHeadGetsTheHeaderDeadlineNotTheIdleOne() throws Exception {
		start(Timeouts.DEFAULTS.withHeader(Duration.ofMillis(300)).withIdle(Duration.ofSeconds(30)));
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
			restAWhile();
			long start = System.nanoTime();

			raw.send("GET /hello HTTP/1.1\r\nHo");

			assertThat(raw.read().status()).isEqualTo(408);
			assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(events.timeouts).containsExactly(TimeoutPhase.HEADER);
	}

	@Test
	void aRestingConnectionIsServedAgainAndRestsAgain() throws Exception {
		start(Timeouts.DEFAULTS.withHeader(Duration.ofMillis(300)).withIdle(Duration.ofSeconds(30)));
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			for (int i = 0; i < 3; i++) {
				raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(raw.read().bodyText()).isEqualTo("hi");
				restAWhile();
			}
		}
		assertThat(events.timeouts).isEmpty();
	}

	@Test
	void everyRestingConnectionClosesAtItsOwnIdleDeadline() throws Exception {
		start(Timeouts.DEFAULTS.withIdle(Duration.ofMillis(600)));
		List<RawClient> clients = new ArrayList<>();
		// sent before the request: the server's idle clock starts after the request
		// arrives,
		// while a time taken after reading the answer would include its delivery
		List<Long> sent = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				RawClient raw = new RawClient(server.port(), 10_000);
				clients.add(raw);
				sent.add(System.nanoTime());
				raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(raw.read().status()).isEqualTo(200);
				Thread.sleep(20); // spreads their deadlines over 400 ms
			}
			for (int i = 0; i < clients.size(); i++) {
				assertThat(clients.get(i).readToEnd()).isEmpty();
				long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent.get(i));
				assertThat(idleMillis).as("connection %d closed after", i).isGreaterThanOrEqualTo(600);
			}
			// each closed by its own deadline: the last, answered 400 ms after the first,
			// was not closed with it
			long spread = sent.get(clients.size() - 1) - sent.get(0);
			assertThat(spread).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(300));
		}
		finally {
			for (RawClient raw : clients) {
				raw.close();
			}
		}
		assertThat(events.timeouts).hasSize(20).containsOnly(TimeoutPhase.IDLE);
	}

	@Test
	void aGracefulShutdownClosesRestingConnectionsAtOnce() throws Exception {
		start(Timeouts.DEFAULTS.withHeader(Duration.ofMillis(300)).withIdle(Duration.ofSeconds(30)));
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
			restAWhile();

			assertThat(server.shutdownGracefully().get(5, TimeUnit.SECONDS)).isTrue();

			assertThat(raw.closedByServer()).isTrue();
		}
	}

	private void start(Timeouts timeouts) {
		server = TestServers.start(s -> s.route("GET", "/hello", r -> Response.ok("hi")),
				config -> config.timeouts(timeouts).events(events));
	}

	/**
	 * Lets the loop sweep (every 30 ms here) several times, so the idle connection has
	 * rested before the test goes on; what follows must hold either way.
	 */
	private static void restAWhile() throws InterruptedException {
		Thread.sleep(200);
	}

}
