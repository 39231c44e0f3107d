package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * The body deadlines judge the client only while the server reads: a healthy upload whose
 * reading the server paused (its spill file backlogged behind a busy I/O thread) is not
 * cut for the time the server was not reading, and a pause of the server's own that lasts
 * is answered 503, not blamed on the client with 408.
 */
class BodyPauseTest {

	/**
	 * Larger than the socket buffers on both sides hold, so the client is still sending.
	 */
	private static final int BODY = 32 * 1024 * 1024;

	/** A response larger than the socket buffers, read slowly. */
	private static final int BIG = 16 * 1024 * 1024;

	/** The server's I/O executor, one thread, so a test can hold it. */
	private final ExecutorService io = Executors.newSingleThreadExecutor();

	private final CountDownLatch ioHeld = new CountDownLatch(1);

	private Webserv server;

	@AfterEach
	void stop() {
		ioHeld.countDown();
		if (server != null) {
			server.stop();
		}
		io.shutdownNow();
	}

	private void start(Duration body, long minBodyRate) {
		server = TestServers.start(s -> s.clientMaxBodySize(2L * BODY)
			.route("POST", "/upload", Handler.nonBlocking(r -> Response.ok("got " + r.body().length())))
			.route("GET", "/big", Handler.nonBlocking(r -> Response.ok(new byte[BIG], "application/octet-stream"))),
				c -> c.ioThreads(1)
					.ioExecutor(io)
					.limits(Limits.DEFAULTS.withMaxBodySize(2L * BODY))
					.timeouts(Timeouts.DEFAULTS.withBody(body).withMinBodyRate(minBodyRate)));
		io.execute(() -> { // the only I/O thread busy: spill writes wait, reading pauses
			try {
				ioHeld.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
	}

	@Test
	void anUploadTheServerPausedIsNotJudgedForThePause() throws Exception {
		// 512 KB/s: a paused upload averages far less over the whole time in BODY
		start(Duration.ofSeconds(3), 512 * 1024);
		try (RawClient upload = new RawClient(server.port(), 20_000)) {
			AtomicLong sent = new AtomicLong();
			Thread writer = send(upload, sent);
			long stalled = Await.stable(sent, Duration.ofMillis(300));
			assertThat(stalled).as("the server stopped reading mid-body").isLessThan(BODY);
			long pausedAt = System.nanoTime();
			// the pause itself: past the rate's one-second grace, within the body timeout
			Await.until(Duration.ofSeconds(5), "1.5 s of pause",
					() -> System.nanoTime() - pausedAt > Duration.ofMillis(1500).toNanos());
			ioHeld.countDown();

			RawClient.RawResponse response = upload.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("got " + BODY);
			writer.join(5000);
		}
	}

	@Test
	void aPauseOfTheServersOwnPastTheBodyTimeoutIsAnswered503() throws Exception {
		start(Duration.ofSeconds(1), 0);
		try (RawClient upload = new RawClient(server.port(), 20_000)) {
			AtomicLong sent = new AtomicLong();
			send(upload, sent);
			Await.stable(sent, Duration.ofMillis(300));
			long stalled = System.nanoTime();

			assertThat(upload.read().status()).isEqualTo(503);
			assertThat(Duration.ofNanos(System.nanoTime() - stalled)).isLessThan(Duration.ofSeconds(3));
		}
	}

	/**
	 * Pipelined behind a large response that the client reads slowly, a body is not read
	 * before that response has (nearly) left: the next head waits while output is backed
	 * up, so the body's clock starts only then, and the body is not cut.
	 */
	@Test
	void aBodyPipelinedBehindASlowlyReadResponseIsNotCut() throws Exception {
		start(Duration.ofMillis(400), 512 * 1024);
		ioHeld.countDown(); // spills go at once here
		int upload = 256 * 1024;
		try (RawClient client = new RawClient(server.port(), 20_000)) {
			client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\nPOST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: "
					+ upload + "\r\n\r\n");
			client.send(new byte[upload]);
			InputStream in = client.socket().getInputStream();
			skipHead(in);
			long started = System.nanoTime();
			byte[] chunk = new byte[64 * 1024];
			// about 16 MB/s: a second, over twice the body timeout
			for (long read = 0; read < BIG;) {
				int n = in.read(chunk, 0, (int) Math.min(chunk.length, BIG - read));
				assertThat(n).as("the big response ended early").isPositive();
				read += n;
				long due = started + read * 60; // 60 ns a byte
				Await.until(Duration.ofSeconds(5), "the reader's pace", () -> System.nanoTime() - due >= 0);
			}
			RawClient.RawResponse second = client.read();
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.bodyText()).isEqualTo("got " + upload);
		}
	}

	private static void skipHead(InputStream in) throws IOException {
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			assertThat(b).as("the head ended early").isNotNegative();
			matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
	}

	/** Sends the head and then the body as fast as the server takes it. */
	private static Thread send(RawClient upload, AtomicLong sent) throws IOException {
		upload.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY + "\r\n\r\n");
		Thread writer = new Thread(() -> {
			try {
				OutputStream out = upload.socket().getOutputStream();
				byte[] chunk = new byte[16 * 1024];
				for (int written = 0; written < BODY; written += chunk.length) {
					out.write(chunk);
					sent.addAndGet(chunk.length);
				}
				out.flush();
			}
			catch (IOException e) {
				// cut by the server: the test reads why
			}
		});
		writer.setDaemon(true);
		writer.start();
		return writer;
	}

}
