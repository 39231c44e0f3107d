package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A request body the exchange handler left unread is dropped after the response, so the
 * connection serves on (nginx's discard, Tomcat's swallow): up to 1 MiB more, within the
 * body timeout; past the bound, the deadline or broken framing, the connection closes
 * after the response. A dropped body is never parsed as a request: each case pipelines a
 * probe behind it and one request hidden inside it, and counts what was served.
 */
class ExchangeBodyDiscardTest {

	private static final int BOUND = 1024 * 1024;

	private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

	private static final String PROBE = "GET /probe HTTP/1.1\r\nHost: x\r\n\r\n";

	private final RecordingEvents events = new RecordingEvents();

	private final AtomicInteger smuggled = new AtomicInteger();

	private Webserv server;

	@BeforeEach
	void start() {
		Timeouts timeouts = Timeouts.DEFAULTS.withBody(Duration.ofSeconds(1));
		server = TestServers.start(s -> s.clientMaxBodySize(64L * 1024 * 1024)
			.exchange("POST", "/answer", exchange -> BodyCollector.answer(exchange, "answered unread"))
			.exchange("POST", "/read-some", exchange -> exchange.requestBody().subscribe(new BodyCollector(1) {
				@Override
				public void onNext(ByteBuffer item) {
					BodyCollector.answer(exchange, "read some");
				}
			}))
			.exchange("POST", "/cancel", exchange -> exchange.requestBody().subscribe(new BodyCollector(0) {
				@Override
				public void onSubscribe(Flow.Subscription subscription) {
					subscription.request(Long.MAX_VALUE);
					subscription.cancel();
					BodyCollector.answer(exchange, "cancelled");
				}
			}))
			.exchange("GET", "/probe", exchange -> BodyCollector.answer(exchange, "probe"))
			.exchange("GET", "/smuggled", exchange -> {
				smuggled.incrementAndGet();
				BodyCollector.answer(exchange, "smuggled");
			}), config -> config.timeouts(timeouts).events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void anUnreadBodyWithinTheBoundIsDroppedAndTheConnectionServesOn() throws Exception {
		String body = SMUGGLED + "x".repeat(100_000);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send(post("/answer", body) + PROBE);
			RawClient.RawResponse answer = raw.read();
			assertThat(answer.bodyText()).isEqualTo("answered unread");
			assertThat(answer.header("Connection")).isNull();
			assertThat(raw.read().bodyText()).isEqualTo("probe");
			raw.send(PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aBodyThatComesAfterTheResponseIsDroppedAsItArrives() throws Exception {
		String body = "y".repeat(50_000) + SMUGGLED;
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n");
			assertThat(raw.read().header("Connection")).isNull();
			for (int i = 0; i < body.length(); i += 10_000) {
				raw.send(body.substring(i, Math.min(body.length(), i + 10_000)));
			}
			raw.send(PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aBodyJustWithinTheBoundIsDropped() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send(post("/answer", "z".repeat(BOUND)) + PROBE);
			assertThat(raw.read().header("Connection")).isNull();
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
	}

	@Test
	void aDeclaredBodyOverTheBoundClosesTheConnection() throws Exception {
		String body = "z".repeat(BOUND + 1 - SMUGGLED.length()) + SMUGGLED;
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n");
			RawClient.RawResponse answer = raw.read();
			assertThat(answer.bodyText()).isEqualTo("answered unread");
			assertThat(answer.header("Connection")).isEqualTo("close");
			sendQuietly(raw, body + PROBE);
			assertThat(rest(raw)).doesNotContain("HTTP/1.1");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aChunkedBodyPastTheBoundClosesTheConnectionAfterTheResponse() throws Exception {
		StringBuilder chunked = new StringBuilder();
		String chunk = "c".repeat(64 * 1024);
		for (int i = 0; i < 17; i++) { // 1 MiB + 64 KiB
			chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		chunked.append(Integer.toHexString(SMUGGLED.length())).append("\r\n").append(SMUGGLED).append("\r\n0\r\n\r\n");
		try (RawClient raw = new RawClient(server.port(), 10_000)) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("answered unread"); // kept alive,
																			// tried
			sendQuietly(raw, chunked + SMUGGLED + PROBE);
			assertThat(rest(raw)).doesNotContain("HTTP/1.1");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aChunkedBodyWithExtensionsAndTrailersIsDroppedWhole() throws Exception {
		String chunked = "5;name=value;quoted=\"a b\"\r\nhello\r\n" + Integer.toHexString(SMUGGLED.length()) + "\r\n"
				+ SMUGGLED + "\r\n0;last\r\nTrailer-One: 1\r\nTrailer-Two: 2\r\n\r\n";
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked + PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("answered unread");
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void brokenFramingInADroppedBodyClosesTheConnectionWithoutReadingOn() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"
					+ SMUGGLED + PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("answered unread");
			assertThat(rest(raw)).doesNotContain("HTTP/1.1");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aBodyThatStopsComingIsDroppedOnlyUntilTheBodyTimeout() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(10));
			assertThat(raw.read().bodyText()).isEqualTo("answered unread");
			long started = System.nanoTime();
			assertThat(raw.closedByServer()).isTrue(); // body timeout: 1 s
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void theRestOfABodyPartlyReadIsDropped() throws Exception {
		String body = "r".repeat(300_000) + SMUGGLED;
		try (RawClient raw = new RawClient(server.port())) {
			raw.send(post("/read-some", body) + PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("read some");
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aCancelledBodyIsDropped() throws Exception {
		String body = "q".repeat(200_000) + SMUGGLED;
		try (RawClient raw = new RawClient(server.port())) {
			raw.send(post("/cancel", body) + PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("cancelled");
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
		assertThat(smuggled).hasValue(0);
	}

	@Test
	void aBodyTheClientWasNeverAskedForStillClosesTheConnection() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			// 100-continue withheld: the client may never send it, so it cannot be
			// dropped
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
			assertThat(raw.read().header("Connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	private static String post(String path, String body) {
		return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
	}

	/** Sends what the server may refuse to read (it closes): a reset is no failure. */
	private static void sendQuietly(RawClient raw, String text) {
		try {
			raw.send(text);
		}
		catch (java.io.IOException closed) {
			// the server closed: what matters is what it answered
		}
	}

	/** What the server sends until it closes (a reset ends it too). */
	private static String rest(RawClient raw) throws Exception {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = raw.socket().getInputStream().read(buffer)) > 0) {
				read.write(buffer, 0, n);
			}
		}
		catch (java.net.SocketException reset) {
			// closed with unread input: a reset
		}
		return read.toString(StandardCharsets.ISO_8859_1);
	}

}
