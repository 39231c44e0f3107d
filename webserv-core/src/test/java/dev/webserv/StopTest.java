package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.webserv.config.Timeouts;
import dev.webserv.eventloop.LoopStopped;
import dev.webserv.events.RequestLog;
import dev.webserv.testing.Await;
import dev.webserv.testing.HeldHandler;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/** What {@link Webserv#stop()} tells about the work it cut. */
class StopTest {

	private final RecordingEvents events = new RecordingEvents();

	private final HeldHandler held = new HeldHandler("late");

	@Test
	void aBlockingHandlerCutByStopIsLoggedAsTheServersDoingNotAsAClientThatLeft() throws Exception {
		Webserv server = start(Duration.ofSeconds(30));
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(held.awaitEntered()).isTrue();

			server.stop();

			assertThat(raw.readToEnd()).isEmpty();
		}
		finally {
			held.release();
			server.stop();
		}
		Await.until("the request logged", () -> !events.completed.isEmpty());
		RequestLog log = events.completed.get(0);
		assertThat(log.status()).as("not 499: the client did not leave").isEqualTo(500);
		assertThat(log.error()).isInstanceOf(LoopStopped.class)
			.hasMessageContaining("the server stopped before the exchange ended");
		assertThat(events.accesses).singleElement().satisfies(access -> assertThat(access.status()).isEqualTo(500));
	}

	@Test
	void stopDuringAGracefulShutdownReportsTheConnectionsItCut() throws Exception {
		Webserv server = start(Duration.ofSeconds(30));
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(held.awaitEntered()).isTrue();
			CompletableFuture<Boolean> drained = server.shutdownGracefully();
			assertThat(drained).isNotDone();

			server.stop();

			assertThat(drained.get(5, TimeUnit.SECONDS)).as("a request was cut, not drained").isFalse();
		}
		finally {
			held.release();
			server.stop();
		}
	}

	@Test
	void stopWithNothingInFlightReportsADrainedShutdown() throws Exception {
		Webserv server = start(Duration.ofSeconds(30));
		try {
			CompletableFuture<Boolean> drained = server.shutdownGracefully();

			server.stop();

			assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			server.stop();
		}
	}

	private Webserv start(Duration shutdown) {
		return TestServers.start(s -> s.route("GET", "/held", held),
				config -> config.timeouts(Timeouts.DEFAULTS.withShutdown(shutdown)).events(events));
	}

}
