package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A server that stops under an open event stream tells the truth about it: the stream was
 * cut by the server, not left by its client (no 499, and a cause for onAbort).
 */
class ExchangeStopTest {

	@Test
	void anEventStreamCutByStopIsNotRecordedAsTheClientLeaving() throws Exception {
		RecordingEvents events = new RecordingEvents();
		CompletableFuture<Throwable> aborted = new CompletableFuture<>();
		Webserv server = TestServers.start(s -> s.exchange("GET", "/sse", exchange -> {
			exchange.onAbort(aborted::complete);
			exchange.write(ByteBuffer.wrap("data: x\n\n".getBytes(StandardCharsets.US_ASCII)));
			exchange.flush();
		}), config -> config.events(events));
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.readUntil(raw.socket().getInputStream(), "data: x\n\n");
			server.stop();
			Throwable cause = aborted.get(5, TimeUnit.SECONDS);
			Await.until(Duration.ofSeconds(5), "the exchange is recorded", () -> !events.completed.isEmpty());
			assertThat(events.completed.get(0).status()).isNotEqualTo(499);
			assertThat(cause).isNotNull();
		}
	}

}
