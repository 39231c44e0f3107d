package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.config.Timeouts;
import dev.webserv.events.RejectionReason;
import dev.webserv.parser.ChunkedDecoder;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Chunk extensions have a budget per body ({@link ChunkedDecoder#MAX_EXTENSION_BYTES}),
 * so a tiny body cannot be framed in megabytes of extensions: past it 400 and a close.
 */
class ChunkExtensionLimitTest {

	private static final String HEAD = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.route("POST", "/echo", r -> Response.ok(Long.toString(r.body().length()))),
				config -> config.timeouts(Timeouts.DEFAULTS.withBody(Duration.ofSeconds(60))).events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void extensionsPastTheBudgetAre400() throws Exception {
		String chunk = "1;a=" + "b".repeat(1000) + "\r\nx\r\n"; // 1,002 extension bytes
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send(HEAD + chunk.repeat(ChunkedDecoder.MAX_EXTENSION_BYTES / 1002 + 1) + "0\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(400);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(events.parseErrors).containsExactly(RejectionReason.BAD_CHUNK);
	}

	@Test
	void extensionsWithinTheBudgetAreAcceptedAndTheBudgetIsPerBody() throws Exception {
		String chunk = "1;a=" + "b".repeat(1000) + "\r\nx\r\n";
		int chunks = ChunkedDecoder.MAX_EXTENSION_BYTES / 1002;
		String request = HEAD + chunk.repeat(chunks) + "0\r\n\r\n";
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send(request);
			assertThat(raw.read().bodyText()).isEqualTo(Integer.toString(chunks));
			raw.send(request); // the same again on the same connection
			assertThat(raw.read().bodyText()).isEqualTo(Integer.toString(chunks));
		}
	}

}
