package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
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
 * Clients that vanish mid-request, mid-upload and mid-response, and handlers that throw,
 * hang or write too much. After each, the server's file descriptors and temporary body
 * files come back to what they were while it ran, and once it stops its threads and
 * descriptors come back to what they were before it started.
 */
class FaultsTest {

	private static final int ROUNDS = 20;

	private static final Duration SETTLE = Duration.ofSeconds(15);

	@TempDir
	Path temp;

	private final RecordingEvents events = new RecordingEvents();

	private final CountDownLatch release = new CountDownLatch(1);

	private Resources.Snapshot beforeStart;

	private int fdsRunning;

	private java.util.List<String> fdsAtStart;

	private long tempFilesBefore;

	private Webserv server;

	@BeforeEach
	void start() throws IOException {
		Path big = temp.resolve("big.bin");
		try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
			file.setLength(64L << 20);
		}
		tempFilesBefore = bodyTempFiles();
		beforeStart = Resources.snapshot();
		Timeouts timeouts = Timeouts.DEFAULTS.withHandler(Duration.ofMillis(500)).withBody(Duration.ofSeconds(2));
		server = TestServers.start(s -> s.clientMaxBodySize(64L << 20)
			.route("GET", "/hello", r -> Response.ok("hi"))
			.route("POST", "/upload", r -> Response.ok("got " + r.body().length()))
			.route("GET", "/big", Handler.nonBlocking(r -> Response.status(200).body(big)))
			.route("GET", "/stream", r -> Response.status(200).body(new Endless(), -1))
			.route("GET", "/throws", r -> {
				throw new IllegalStateException("secret detail");
			})
			.route("GET", "/throws-error", r -> {
				throw new StackOverflowError("deep");
			})
			.route("GET", "/throws-on-loop", Handler.nonBlocking(r -> {
				throw new IllegalStateException("secret detail");
			}))
			.route("GET", "/hangs", r -> {
				release.await();
				return Response.ok("late");
			})
			.route("GET", "/too-long-stream", r -> Response.status(200).body(new Endless(), 1000))
			.route("GET", "/too-short-stream",
					r -> Response.status(200).body(new java.io.ByteArrayInputStream(new byte[10]), 1000))
			.route("GET", "/own-length",
					r -> Response.ok("0123456789")
						.header("Content-Length", "5")
						.header("Transfer-Encoding", "chunked")),
				c -> c.timeouts(timeouts).events(events).limits(Limits.DEFAULTS.withMaxBodySize(64L << 20)));
		fdsRunning = Resources.openFds();
		fdsAtStart = Resources.fdTargets();
	}

	@AfterEach
	void leaksNothing(TestInfo test) {
		release.countDown();
		Await.until(SETTLE, "every connection closed", () -> server.statistics().connections(), n -> n == 0);
		try {
			Await.until(SETTLE, "fds back to " + fdsRunning + " while running", Resources::openFds,
					fds -> fds <= fdsRunning);
		}
		catch (AssertionError e) {
			java.util.List<String> now = new java.util.ArrayList<>(Resources.fdTargets());
			fdsAtStart.forEach(now::remove);
			throw new AssertionError(e.getMessage() + "; new: " + now);
		}
		Await.until(SETTLE, "temporary body files deleted", FaultsTest::bodyTempFiles, n -> n <= tempFilesBefore);
		server.stop();
		int leaked = Resources.awaitBaseline(beforeStart, SETTLE);
		Figures.record("faults", test.getTestMethod().orElseThrow().getName() + ": fds leaked", leaked);
	}

	@Test
	void clientsThatResetMidRequestLeaveNothingBehind() throws Exception {
		for (int i = 0; i < ROUNDS; i++) {
			RawClient raw = new RawClient(server.port());
			raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Half: ");
			reset(raw);
		}
		try (RawClient raw = new RawClient(server.port())) {
			assertThat(raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
		}
	}

	@Test
	void clientsThatResetMidUploadLeaveNoTemporaryFile() throws Exception {
		byte[] megabyte = new byte[1 << 20];
		for (int i = 0; i < ROUNDS; i++) {
			RawClient raw = new RawClient(server.port());
			raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + (16 << 20) + "\r\n\r\n");
			for (int m = 0; m < 2; m++) {
				raw.send(megabyte); // past the memory threshold: the body is spilling to
									// a temporary file
			}
			reset(raw);
		}
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + megabyte.length + "\r\n\r\n");
			raw.send(megabyte);
			assertThat(raw.read().bodyText()).isEqualTo("got " + megabyte.length);
		}
	}

	@Test
	void clientsThatResetMidResponseLeaveNothingBehind() throws Exception {
		for (String path : new String[] { "/big", "/stream" }) {
			for (int i = 0; i < ROUNDS; i++) {
				RawClient raw = new RawClient(server.port());
				raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(raw.socket().getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
				reset(raw);
			}
		}
	}

	@Test
	void aHandlerThatThrowsGets500WithoutDetailsAndTheConnectionLivesOn() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			for (String path : new String[] { "/throws", "/throws-error", "/throws-on-loop" }) {
				RawClient.RawResponse response = raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
				assertThat(response.status()).isEqualTo(500);
				assertThat(response.bodyText()).doesNotContain("secret", "Exception", "Error:", "at dev.");
			}
			assertThat(raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
		}
		assertThat(events.handlerErrors).hasSize(3);
	}

	@Test
	void aHandlerThatNeverReturnsGets503AtTheHandlerTimeout() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (RawClient raw = new RawClient(server.port())) {
				long start = System.nanoTime();
				assertThat(raw.send("GET /hangs HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(503);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
				assertThat(raw.closedByServer()).isTrue();
			}
		}
		assertThat(events.timeouts).containsOnly(TimeoutPhase.HANDLER).hasSize(5);
		// the hung workers end when the handler returns (here) or when the server stops
		// (interrupt)
	}

	@Test
	void aHandlerThatWritesTooMuchIsCutToItsDeclaredLength() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			RawClient.RawResponse cut = raw.send("GET /too-long-stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
			assertThat(cut.header("Content-Length")).isEqualTo("1000");
			assertThat(cut.body()).hasSize(1000);
			RawClient.RawResponse own = raw.send("GET /own-length HTTP/1.1\r\nHost: x\r\n\r\n").read();
			assertThat(own.header("Content-Length")).as("the server's framing, not the handler's").isEqualTo("10");
			assertThat(own.header("Transfer-Encoding")).isNull();
			assertThat(own.bodyText()).isEqualTo("0123456789");
			assertThat(raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText()).as("still in step")
				.isEqualTo("hi");
		}
	}

	@Test
	void aStreamShorterThanItsDeclaredLengthClosesTheConnection() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /too-short-stream HTTP/1.1\r\nHost: x\r\n\r\n");
			String all = raw.readToEnd(); // ends: the client sees a short body, never a
											// hang
			assertThat(all).startsWith("HTTP/1.1 200 ").contains("Content-Length: 1000");
			assertThat(all.substring(all.indexOf("\r\n\r\n") + 4)).hasSizeLessThan(1000);
		}
	}

	/** Closes with RST instead of FIN: SO_LINGER 0. */
	private static void reset(RawClient raw) throws IOException {
		Socket socket = raw.socket();
		socket.setSoLinger(true, 0);
		socket.close();
	}

	private static long bodyTempFiles() {
		try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return files.filter(p -> p.getFileName().toString().startsWith("webserv-body-")).count();
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** An endless stream of 'x'. */
	private static final class Endless extends InputStream {

		@Override
		public int read() {
			return 'x';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			Arrays.fill(buffer, offset, offset + length, (byte) 'x');
			return length;
		}

	}

}
