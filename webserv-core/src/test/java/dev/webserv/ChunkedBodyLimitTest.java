package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.config.Limits;
import dev.webserv.config.Timeouts;
import dev.webserv.events.RejectionReason;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A chunked body is refused with 413 as soon as a chunk-size line declares more than the
 * limit allows, without waiting for (or reading) the chunk's data.
 */
class ChunkedBodyLimitTest {

	private static final String HEAD = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.route("POST", "/echo", r -> Response.ok(Long.toString(r.body().length()))),
				config -> config.limits(Limits.DEFAULTS.withMaxBodySize(1024))
					.timeouts(Timeouts.DEFAULTS.withBody(Duration.ofSeconds(60)))
					.events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aChunkLargerThanTheLimitIsRefusedBeforeItsDataArrives() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 2000)) {
			raw.send(HEAD + "100000\r\n"); // 1 MiB declared, none sent
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(413);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(events.parseErrors).containsExactly(RejectionReason.BODY_TOO_LARGE);
	}

	@Test
	void aLaterChunkThatWouldCrossTheLimitIsRefusedAtItsSizeLine() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 2000)) {
			raw.send(HEAD + "3e8\r\n" + "a".repeat(1000) + "\r\n" + "19\r\n"); // 1000 +
																				// 25 >
																				// 1024
			assertThat(raw.read().status()).isEqualTo(413);
		}
	}

	@Test
	void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 2000)) {
			raw.send(HEAD + "3e8\r\n" + "a".repeat(1000) + "\r\n" + "18\r\n" + "b".repeat(24) + "\r\n0\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("1024");
		}
	}

}
