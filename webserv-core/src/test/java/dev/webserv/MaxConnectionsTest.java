package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.config.Limits;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

class MaxConnectionsTest {

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void shedsConnectionsPastTheLimitAndRecoversWhenOneCloses() throws Exception {
		server = TestServers.start(s -> s.route("GET", "/hello", r -> Response.ok("hi")),
				config -> config.limits(Limits.DEFAULTS.withMaxConnections(2).withReclaimAtLimit(false))
					.events(events));
		try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port())) {
			first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(first.read().status()).isEqualTo(200);
			second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(second.read().status()).isEqualTo(200);
			try (RawClient third = new RawClient(server.port())) {
				RawClient.RawResponse shed = third.read();
				assertThat(shed.status()).isEqualTo(503);
				assertThat(third.closedByServer()).isTrue();
			}
			Await.until("the rejection told", () -> events.rejected.get() == 1); // told
																					// after
																					// the
																					// 503
																					// is
																					// written:
			// wait for it
			assertThat(events.rejected).hasValue(1);
			first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(first.read().status()).isEqualTo(200);
		}
		awaitConnections(0);
		try (RawClient again = new RawClient(server.port())) {
			again.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(again.read().status()).isEqualTo(200);
		}
	}

	private void awaitConnections(int count) {
		Await.until(Duration.ofSeconds(5), count + " connections open", () -> server.statistics().connections(),
				open -> open == count);
	}

}
