package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A keep-alive connection parked in its loop until its idle deadline, then made to do
 * something slowly: each deadline of what it does must hold from then on, never the
 * parked idle one, and nothing it sends may move the idle deadline it rests on.
 */
class ParkedDeadlineTest {

	private static final Duration LONG = Duration.ofSeconds(30);

	private final RecordingEvents events = new RecordingEvents();

	private final List<RawClient> clients = new ArrayList<>();

	private Webserv server;

	@AfterEach
	void stop() throws IOException {
		for (RawClient client : clients) {
			client.close();
		}
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void aParkedConnectionTricklingAHeadGetsTheHeaderDeadline() throws Exception {
		start(Timeouts.DEFAULTS.withHeader(Duration.ofMillis(500)).withIdle(LONG), Limits.DEFAULTS);
		RawClient raw = parked();
		String head = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(500) + "\r\n\r\n";
		Thread trickler = trickle(raw, head, 50);

		long started = System.nanoTime();
		assertThat(raw.read().status()).isEqualTo(408);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(raw.closedByServer()).isTrue();
		trickler.join(5000);
		assertThat(events.timeouts).containsExactly(TimeoutPhase.HEADER);
	}

	@Test
	void emptyLinesDoNotMoveTheIdleDeadlineAParkedConnectionRestsOn() throws Exception {
		start(Timeouts.DEFAULTS.withHeader(LONG).withIdle(Duration.ofMillis(1000)), Limits.DEFAULTS);
		RawClient raw = parked();
		long answered = System.nanoTime() - Duration.ofMillis(300).toNanos();
		// one empty line every 300 ms: the eighth (2.4 s on) would be refused with 400
		Thread trickler = trickle(raw, "\r\n".repeat(8), 150);

		assertThat(raw.readToEnd()).as("what came before the close").isEmpty();
		Duration open = Duration.ofNanos(System.nanoTime() - answered);
		assertThat(open).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(2200));
		trickler.join(5000);
		assertThat(events.timeouts).containsExactly(TimeoutPhase.IDLE);
	}

	@Test
	void aParkedConnectionTricklingABodyIsCutForItsRate() throws Exception {
		start(Timeouts.DEFAULTS.withBody(Duration.ofMillis(800)).withIdle(LONG), Limits.DEFAULTS);
		RawClient raw = parked();
		raw.send("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
		// a byte every 200 ms: under the 800 ms between reads, far under 256 B/s
		Thread trickler = trickle(raw, "b".repeat(1000), 200);

		long started = System.nanoTime();
		assertThat(raw.read().status()).isEqualTo(408);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		trickler.join(5000);
		assertThat(events.timeouts).containsExactly(TimeoutPhase.BODY);
	}

	@Test
	void aParkedConnectionThatStopsReadingItsResponseIsCutAtTheWriteTimeout() throws Exception {
		start(Timeouts.DEFAULTS.withWrite(Duration.ofMillis(800)).withIdle(LONG), Limits.DEFAULTS);
		RawClient raw = parked();
		long started = System.nanoTime();
		raw.send("GET /large HTTP/1.1\r\nHost: x\r\n\r\n"); // 32 MiB, never read

		Await.until(Duration.ofSeconds(5), "the connection closed by the server", () -> events.closed.get() == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		assertThat(events.timeouts).containsExactly(TimeoutPhase.WRITE);
	}

	@Test
	void parkedConnectionsAreReclaimedAtTheConnectionLimit() throws Exception {
		start(Timeouts.DEFAULTS.withIdle(LONG), Limits.DEFAULTS.withMaxConnections(3));
		List<RawClient> parked = List.of(parked(), parked(), parked());

		RawClient newcomer = client();
		newcomer.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");

		assertThat(newcomer.read().bodyText()).isEqualTo("hi");
		assertThat(parked.get(0).closedByServer()).as("the longest idle closed for it").isTrue();
		assertThat(events.reclaimed).hasSize(1);
	}

	@Test
	void aStopClosesParkedConnectionsOnEveryLoopAtOnce() throws Exception {
		start(Timeouts.DEFAULTS.withIdle(LONG), Limits.DEFAULTS);
		List<RawClient> parked = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			parked.add(parked());
		}
		long stopping = System.nanoTime();
		Webserv stopped = server;
		server = null;

		stopped.stop();

		for (RawClient raw : parked) {
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
		assertThat(events.closed).hasValue(10);
	}

	private void start(Timeouts timeouts, Limits limits) {
		byte[] large = new byte[32 * 1024 * 1024];
		server = TestServers.start(
				s -> s.route("GET", "/hello", r -> Response.ok("hi"))
					.route("POST", "/hello", r -> Response.ok("posted " + r.body().bytes().length))
					.route("GET", "/large", r -> Response.ok(large, "application/octet-stream")),
				config -> config.timeouts(timeouts).limits(limits).events(events));
	}

	/** A connection served once, then left long enough to rest in its loop. */
	private RawClient parked() throws Exception {
		RawClient raw = client();
		raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(raw.read().bodyText()).isEqualTo("hi");
		Thread.sleep(300); // several sweeps: the connection rests until its idle deadline
		return raw;
	}

	private RawClient client() throws IOException {
		RawClient raw = new RawClient(server.port(), 10_000);
		clients.add(raw);
		return raw;
	}

	/**
	 * Sends the text a byte every {@code millis} on a thread of its own until it fails.
	 */
	private static Thread trickle(RawClient raw, String text, long millis) {
		Thread thread = new Thread(() -> {
			try {
				for (int i = 0; i < text.length(); i++) {
					raw.send(text.substring(i, i + 1));
					Thread.sleep(millis);
				}
			}
			catch (IOException | InterruptedException closed) {
				// the server closed: the test reads why
			}
		}, "trickler");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
