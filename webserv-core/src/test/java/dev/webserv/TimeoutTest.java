package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

class TimeoutTest {

	private final RecordingEvents events = new RecordingEvents();

	private final CountDownLatch release = new CountDownLatch(1);

	private Webserv server;

	@BeforeEach
	void start() {
		Timeouts timeouts = Timeouts.DEFAULTS.withHeader(Duration.ofMillis(600))
			.withIdle(Duration.ofMillis(400))
			.withBody(Duration.ofMillis(500))
			.withMinBodyRate(0)
			.withWrite(Duration.ofMillis(500))
			.withHandler(Duration.ofMillis(400));
		server = TestServers.start(s -> s.route("GET", "/hello", r -> Response.ok("hi"))
			.route("POST", "/echo", r -> Response.ok(r.body().string()))
			.route("GET", "/hang", r -> {
				release.await(10, TimeUnit.SECONDS);
				return Response.ok("late");
			})
			.route("GET", "/endless", r -> Response.status(200).body(new InputStream() {
				@Override
				public int read() {
					return 'x';
				}
			}, -1)), config -> config.timeouts(timeouts).events(events));
	}

	@AfterEach
	void stop() {
		release.countDown();
		server.stop();
	}

	@Test
	void answers408ToASlowlorisHeadEvenWhileBytesTrickleIn() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			long start = System.nanoTime();
			raw.send("GET /hello HTTP/1.1\r\n");
			String[] trickle = { "Ho", "st", ": ", "x", "\r", "\nX", "-A", ": ", "b" };
			for (String piece : trickle) {
				raw.send(piece);
				Thread.sleep(100);
				if (raw.socket().isClosed()) {
					break;
				}
			}
			RawClient.RawResponse response = raw.read();
			long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(response.status()).isEqualTo(408);
			assertThat(elapsedMillis).isLessThan(3000);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(events.timeouts).contains(TimeoutPhase.HEADER);
	}

	@Test
	void closesAnIdleKeepAliveConnectionQuietly() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
			assertThat(raw.readToEnd()).isEmpty();
		}
		assertThat(events.timeouts).contains(TimeoutPhase.IDLE);
	}

	@Test
	void closesAConnectionThatNeverSendsAByteQuietly() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			assertThat(raw.readToEnd()).isEmpty();
		}
	}

	@Test
	void answers408WhenTheBodyStalls() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
			assertThat(raw.read().status()).isEqualTo(408);
		}
		assertThat(events.timeouts).contains(TimeoutPhase.BODY);
	}

	@Test
	void answers503WhenAHandlerRunsTooLong() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(503);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(events.timeouts).contains(TimeoutPhase.HANDLER);
	}

	@Test
	void closesAConnectionWhoseReaderStopsReading() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.socket().setReceiveBufferSize(4096);
			raw.send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
			Await.until("a write timeout reported", () -> events.timeouts.contains(TimeoutPhase.WRITE));
		}
		assertThat(events.timeouts).contains(TimeoutPhase.WRITE);
	}

}
