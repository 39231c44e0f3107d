package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.RequestLog;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Every connection state has a deadline: a connection stuck in any of them is released
 * within it, and its descriptors, threads and temporary files go with it.
 */
class StateDeadlinesTest {

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	/** The server's internal I/O executor, one thread, so a test can hold it. */
	private final ExecutorService io = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
		io.shutdownNow();
	}

	private Resources.Snapshot start(Consumer<VirtualServer.Builder> routes, Timeouts timeouts) throws IOException {
		server = TestServers.start(
				s -> routes.accept(s.route("GET", "/ok", Handler.nonBlocking(r -> Response.ok("ok")))
					.route("GET", "/warm", r -> Response.ok("warm"))),
				c -> c.ioThreads(1)
					.virtualThreads(false)
					.workerThreads(1)
					.ioExecutor(io)
					.events(events)
					.timeouts(timeouts));
		try (RawClient warm = new RawClient(server.port())) { // the worker thread started
			assertThat(warm.send("GET /warm HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
		}
		Await.until(Duration.ofSeconds(5), "the warm-up connection gone", () -> server.statistics().connections() == 0);
		return Resources.snapshot();
	}

	@Test
	void aBodyThatCannotReachItsTemporaryFileIsAnswered503WithinTheBodyTimeout() throws Exception {
		Resources.Snapshot baseline = start(
				s -> s.route("POST", "/upload", r -> Response.ok("got " + r.body().length())),
				Timeouts.DEFAULTS.withBody(Duration.ofSeconds(1)));
		long tempFiles = tempFiles();
		CountDownLatch ioHeld = new CountDownLatch(1);
		io.execute(() -> { // the only I/O thread busy: spill writes wait
			try {
				ioHeld.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		try (RawClient upload = new RawClient(server.port())) {
			upload.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n").send(new byte[200_000]);
			long sent = System.nanoTime();
			assertThat(upload.read().status()).isEqualTo(503);
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(3));
			assertThat(upload.closedByServer()).isTrue();
		}
		ioHeld.countDown();
		Await.until(Duration.ofSeconds(5), "no connection left", () -> server.statistics().connections() == 0);
		Await.until(Duration.ofSeconds(5), "temporary files back to the baseline", () -> tempFiles() <= tempFiles);
		Resources.awaitBaseline(baseline, Duration.ofSeconds(5));
	}

	@Test
	void aStreamBodyWhoseSourceStallsIsCutAndItsReaderReleased() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicBoolean closed = new AtomicBoolean();
		InputStream stalling = new InputStream() {
			private boolean first = true;

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return read(one, 0, 1) < 0 ? -1 : one[0];
			}

			@Override
			public int read(byte[] into, int offset, int length) throws IOException {
				if (first) {
					first = false;
					into[offset] = 'x';
					return 1;
				}
				try {
					never.await();
					return -1;
				}
				catch (InterruptedException e) {
					interrupted.set(true);
					throw new InterruptedIOException("released");
				}
			}

			@Override
			public void close() {
				closed.set(true);
			}
		};
		Resources.Snapshot baseline = start(s -> s.route("GET", "/stall", r -> Response.status(200).body(stalling, -1)),
				Timeouts.DEFAULTS.withHandler(Duration.ofSeconds(1)));
		try (RawClient client = new RawClient(server.port(), 5000)) {
			client.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n");
			long sent = System.nanoTime();
			Await.until(Duration.ofSeconds(2), "the stream under way", () -> events.started.get() == 2);
			Await.until(Duration.ofSeconds(4), "the stalled stream's connection released",
					() -> server.statistics().connections() == 0);
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(client.readToEnd()).startsWith("HTTP/1.1 200").endsWith("1\r\nx\r\n");
		}
		Await.until(Duration.ofSeconds(5), "the stream's reader interrupted and the stream closed",
				() -> interrupted.get() && closed.get());
		Await.until(Duration.ofSeconds(5), "a completion", () -> events.completed.size() == 2);
		RequestLog log = events.completed.get(1);
		assertThat(log.status()).isEqualTo(200);
		assertThat(log.error()).isNotNull();
		Resources.awaitBaseline(baseline, Duration.ofSeconds(5));
	}

	@Test
	void aClosingConnectionWhoseClientDoesNotReadIsCutAtTheWriteTimeout() throws Exception {
		byte[] big = new byte[8 << 20];
		Resources.Snapshot baseline = start(
				s -> s.route("GET", "/big", Handler.nonBlocking(r -> Response.ok(big, "application/octet-stream"))),
				Timeouts.DEFAULTS.withWrite(Duration.ofSeconds(1)));
		try (RawClient client = new RawClient(server.port())) {
			client.socket().setReceiveBufferSize(32 * 1024);
			client.send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			Await.until(Duration.ofSeconds(2), "the response under way", () -> events.started.get() == 2);
			Await.until(Duration.ofSeconds(5), "the closing connection cut",
					() -> server.statistics().connections() == 0);
		}
		assertThat(events.timeouts).contains(TimeoutPhase.WRITE);
		Resources.awaitBaseline(baseline, Duration.ofSeconds(5));
	}

	@Test
	void aLingeringConnectionWhoseClientKeepsSendingIsClosedAfterTwoSeconds() throws Exception {
		Resources.Snapshot baseline = start(s -> {
		}, Timeouts.DEFAULTS);
		try (RawClient client = new RawClient(server.port())) {
			assertThat(client.send("BAD REQUEST\r\n\r\n").read().status()).isEqualTo(400);
			long answered = System.nanoTime();
			OutputStream out = client.socket().getOutputStream();
			byte[] noise = new byte[1024];
			try {
				while (System.nanoTime() - answered < TimeUnit.SECONDS.toNanos(6)) {
					out.write(noise); // the server drains it while lingering, then closes
					Thread.sleep(20); // the client's own pace
				}
			}
			catch (IOException closedByServer) {
				// expected
			}
			assertThat(Duration.ofNanos(System.nanoTime() - answered)).isBetween(Duration.ofMillis(1900),
					Duration.ofSeconds(5));
		}
		Await.until(Duration.ofSeconds(5), "no connection left", () -> server.statistics().connections() == 0);
		Resources.awaitBaseline(baseline, Duration.ofSeconds(5));
	}

	@Test
	void theIdleTimerStartsWhenTheLastResponseWasFlushedNotQueued() throws Exception {
		byte[] big = new byte[32 << 20]; // more than the kernel buffers hold: sent for as
											// long as it is read
		start(s -> s.route("GET", "/big", Handler.nonBlocking(r -> Response.ok(big, "application/octet-stream"))),
				Timeouts.DEFAULTS.withIdle(Duration.ofSeconds(1)));
		try (RawClient client = new RawClient(server.port())) {
			client.socket().setReceiveBufferSize(32 * 1024);
			client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
			InputStream in = client.socket().getInputStream();
			String head = "";
			while (!head.endsWith("\r\n\r\n")) {
				head += (char) in.read();
			}
			long left = big.length;
			long start = System.nanoTime();
			while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1500)) {
				left -= in.readNBytes(16 * 1024).length; // a download longer than the
															// idle timeout
				Thread.sleep(10);
			}
			assertThat(in.readNBytes((int) left)).hasSize((int) left);
			Thread.sleep(300); // well inside the idle timeout counted from the flush
			assertThat(client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText()).isEqualTo("ok");
		}
		assertThat(events.timeouts).doesNotContain(TimeoutPhase.IDLE);
	}

	@Test
	void aClientThatLeavesWhileItsHandlerRunsIsNoticedTheHandlerInterruptedAnd499Recorded() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch interrupted = new CountDownLatch(1);
		Handler waits = r -> {
			entered.countDown();
			try {
				Thread.sleep(30_000);
			}
			catch (InterruptedException e) {
				interrupted.countDown();
				throw e;
			}
			return Response.ok("late");
		};
		start(s -> s.route("GET", "/wait", waits), Timeouts.DEFAULTS);
		try (RawClient client = new RawClient(server.port())) {
			client.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the handler interrupted").isTrue();
		Await.until(Duration.ofSeconds(5), "a completion", () -> events.completed.size() == 2);
		assertThat(events.completed.get(1).status()).isEqualTo(499);
		Await.until(Duration.ofSeconds(5), "no connection left", () -> server.statistics().connections() == 0);
	}

	private static long tempFiles() {
		try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return files.filter(p -> p.getFileName().toString().startsWith("webserv-body-")).count();
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

}
