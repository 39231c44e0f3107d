package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * More adversaries for the dropped body ({@code BodyDiscard}): a body that keeps coming,
 * a byte at a time, slower than the body timeout allows in all; a chunked body with
 * trailers cut into many small reads; a body sent without waiting for the 100 Continue
 * that was never sent. What follows such a body is never served as a request unless the
 * body was dropped whole.
 */
class BodyDiscardProbeTest {

	private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

	private static final String PROBE = "GET /probe HTTP/1.1\r\nHost: x\r\n\r\n";

	private final AtomicInteger smuggled = new AtomicInteger();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers
			.start(s -> s.exchange("POST", "/answer", exchange -> BodyCollector.answer(exchange, "answered unread"))
				.exchange("GET", "/probe", exchange -> BodyCollector.answer(exchange, "probe"))
				.exchange("GET", "/smuggled", exchange -> {
					smuggled.incrementAndGet();
					BodyCollector.answer(exchange, "smuggled");
				}), config -> config.timeouts(Timeouts.DEFAULTS.withBody(Duration.ofSeconds(1))));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aBodyTrickledFasterThanTheBodyTimeoutIsStillDroppedOnlyUntilIt() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
			assertThat(raw.read().header("Connection")).isNull();
			long answered = System.nanoTime();
			// a byte every 100 ms: never 1 s without one, 100 s in all
			Thread trickler = new Thread(() -> {
				try {
					for (int i = 0; i < 1000; i++) {
						raw.send("z");
						Thread.sleep(100);
					}
					raw.send(PROBE);
				}
				catch (IOException | InterruptedException closed) {
					// the server closed
				}
			}, "trickler");
			trickler.setDaemon(true);
			trickler.start();

			assertThat(rest(raw)).doesNotContain("HTTP/1.1");
			assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(Duration.ofSeconds(3));
			trickler.interrupt();
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aChunkedBodyWithTrailersInSmallReadsIsDroppedWholeAndTheNextRequestServed() throws Exception {
		String chunked = "3;ext=1\r\nabc\r\n" + Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED
				+ "\r\n0\r\nTrailer-One: 1\r\nTrailer-Two: " + SMUGGLED.trim() + "\r\n\r\n";
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("answered unread");
			raw.socket().setTcpNoDelay(true);
			for (int i = 0; i < chunked.length(); i += 3) {
				raw.send(chunked.substring(i, Math.min(chunked.length(), i + 3)));
				Thread.sleep(2); // separate reads, most of the time
			}
			raw.send(PROBE);
			RawClient.RawResponse probe = raw.read();
			assertThat(probe.bodyText()).isEqualTo("probe");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aBodySentWithoutWaitingForAContinueNeverSentIsNotReadAsRequests() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + SMUGGLED.length()
					+ "\r\n\r\n" + SMUGGLED + PROBE);
			RawClient.RawResponse answer = raw.read();

			assertThat(answer.status()).as("a final answer, no 100 Continue first").isEqualTo(200);
			assertThat(answer.bodyText()).isEqualTo("answered unread");
			assertThat(answer.header("Connection")).isEqualTo("close");
			assertThat(rest(raw)).doesNotContain("HTTP/1.1");
		}
		assertThat(smuggled).hasValue(0);
	}

	/** What the server sends until it closes (a reset ends it too). */
	private static String rest(RawClient raw) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = raw.socket().getInputStream().read(buffer)) > 0) {
				read.write(buffer, 0, n);
			}
		}
		catch (SocketException reset) {
			// closed with unread input
		}
		return read.toString(StandardCharsets.ISO_8859_1);
	}

}
