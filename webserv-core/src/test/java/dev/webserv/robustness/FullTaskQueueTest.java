package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.HttpExchange;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A loop's task queue is bounded ({@link EventLoop#DEFAULT_MAX_TASKS}): when it is full,
 * a worker that hands its handler's response back to the loop is refused. The request
 * must still get a clear answer soon (its response, or 503), not wait for the handler
 * timeout with the response lost.
 * <p>
 * Staged on one loop: 70 streaming exchanges are held open, a handler runs on a worker,
 * then a non-blocking handler holds the loop while the exchanges queue 70,000 one-byte
 * writes (past the bound: some are refused), and the worker finishes meanwhile.
 */
class FullTaskQueueTest {

	private static final int EXCHANGES = 70;

	private static final int WRITES_EACH = 1000;

	private final List<HttpExchange> held = new CopyOnWriteArrayList<>();

	private final CountDownLatch workStarted = new CountDownLatch(1);

	private final CountDownLatch workMayEnd = new CountDownLatch(1);

	private final CountDownLatch loopHeld = new CountDownLatch(1);

	private final CountDownLatch loopMayGo = new CountDownLatch(1);

	private final List<RawClient> clients = new ArrayList<>();

	private static final byte[] FILE_BYTES = new byte[200_000];

	static {
		new Random(3).nextBytes(FILE_BYTES);
	}

	private final CountDownLatch ioArrived = new CountDownLatch(1);

	private final CountDownLatch ioMayGo = new CountDownLatch(1);

	private final AtomicInteger ioDone = new AtomicInteger();

	private volatile boolean ioGated;

	private final CountDownLatch streamRead = new CountDownLatch(1);

	private final CountDownLatch streamMayGo = new CountDownLatch(1);

	/**
	 * The server's I/O executor, counting the tasks done; its tasks wait for the test's
	 * word once gated.
	 */
	private final ExecutorService io = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {

		@Override
		public void execute(Runnable task) {
			boolean gated = ioGated;
			super.execute(() -> {
				if (gated) {
					ioArrived.countDown();
					try {
						ioMayGo.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}
				try {
					task.run();
				}
				finally {
					ioDone.incrementAndGet();
				}
			});
		}

	};

	@TempDir
	Path dir;

	private Path file;

	private Webserv server;

	@AfterEach
	void stop() throws IOException {
		workMayEnd.countDown();
		loopMayGo.countDown();
		ioMayGo.countDown();
		streamMayGo.countDown();
		for (RawClient client : clients) {
			client.close();
		}
		if (server != null) {
			server.stop();
		}
		io.shutdownNow();
	}

	@Test
	void aHandlerResultRefusedByAFullLoopStillAnswersSoon() throws Exception {
		start();
		RawClient work = client().send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();
		holdTheLoopAndFillItsQueue();
		workMayEnd.countDown();
		Await.until("the worker done", () -> server.statistics().handlersRunning() == 0);
		loopMayGo.countDown();

		long released = System.nanoTime();
		work.socket().setSoTimeout(8000);
		try {
			RawClient.RawResponse answer = work.read();
			assertThat(answer.status()).isIn(200, 503);
		}
		catch (SocketTimeoutException lost) {
			throw new AssertionError("no answer 8 s after the worker ended (handler timeout 20 s)", lost);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void aFileOpenedWhileTheLoopsQueueIsFullIsStillSent() throws Exception {
		start();
		ioGated = true;
		RawClient download = client().send("GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(ioArrived.await(10, TimeUnit.SECONDS)).as("the open waits on the I/O thread").isTrue();
		holdTheLoopAndFillItsQueue();
		int before = ioDone.get();
		ioMayGo.countDown();
		Await.until("the open done and handed back", () -> ioDone.get() > before);
		loopMayGo.countDown();

		assertThat(readWithin(download).body()).isEqualTo(FILE_BYTES);
	}

	@Test
	void aStreamChunkReadWhileTheLoopsQueueIsFullIsStillSent() throws Exception {
		start();
		RawClient download = client().send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(streamRead.await(10, TimeUnit.SECONDS)).as("the stream's read waits").isTrue();
		holdTheLoopAndFillItsQueue();
		int before = ioDone.get();
		streamMayGo.countDown();
		Await.until("the chunk read and handed back", () -> ioDone.get() > before);
		loopMayGo.countDown();

		assertThat(readWithin(download).body()).isEqualTo(FILE_BYTES);
	}

	private void start() throws IOException {
		file = Files.write(dir.resolve("file.bin"), FILE_BYTES);
		server = TestServers.start(s -> s.exchange("GET", "/hold", held::add)
			.route("GET", "/work", new SlowWork())
			.route("GET", "/file", r -> Response.status(200).body(file))
			.route("GET", "/stream", r -> Response.status(200).body(new GatedStream(), FILE_BYTES.length))
			.route("GET", "/block", Handler.nonBlocking(r -> {
				loopHeld.countDown();
				loopMayGo.await(30, TimeUnit.SECONDS);
				return Response.ok("let go");
			})), config -> config.ioThreads(1)
				.ioExecutor(io)
				.timeouts(Timeouts.DEFAULTS.withHandler(Duration.ofSeconds(20))));
		for (int i = 0; i < EXCHANGES; i++) {
			client().send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		Await.until("the exchanges held", () -> held.size() == EXCHANGES);
	}

	/** Holds the loop in a handler, then queues past its task bound. */
	private void holdTheLoopAndFillItsQueue() throws Exception {
		client().send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(loopHeld.await(10, TimeUnit.SECONDS)).isTrue();
		int refused = fillTheLoopsQueue();
		assertThat(refused).as("writes refused: the loop's queue is full").isPositive();
	}

	private static RawClient.RawResponse readWithin(RawClient download) throws IOException {
		download.socket().setSoTimeout(8000);
		try {
			return download.read();
		}
		catch (SocketTimeoutException stalled) {
			throw new AssertionError("the body stalled 8 s after the loop was let go (handler timeout 20 s)", stalled);
		}
	}

	/** Queues one-byte writes on every held exchange; returns how many were refused. */
	private int fillTheLoopsQueue() throws InterruptedException {
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (HttpExchange exchange : held) {
			for (int i = 0; i < WRITES_EACH; i++) {
				writes.add(exchange.write(ByteBuffer.wrap(new byte[] { 'x' })));
			}
		}
		int refused = 0;
		for (CompletableFuture<Void> write : writes) {
			if (write.isCompletedExceptionally()) {
				try {
					write.join();
				}
				catch (RuntimeException e) {
					if (e.getCause() instanceof RejectedExecutionException) {
						refused++;
					}
				}
			}
		}
		return refused;
	}

	private RawClient client() throws IOException {
		RawClient client = new RawClient(server.port(), 10_000);
		clients.add(client);
		return client;
	}

	/** A stream whose first read waits for the test's word. */
	private final class GatedStream extends InputStream {

		private final InputStream bytes = new ByteArrayInputStream(FILE_BYTES);

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (streamRead.getCount() > 0) {
				streamRead.countDown();
				try {
					streamMayGo.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			return bytes.read(buffer, offset, length);
		}

	}

	/** Waits for the test's word, on a worker; may run 20 s. */
	private final class SlowWork implements Handler {

		@Override
		public Response handle(Request request) throws Exception {
			workStarted.countDown();
			workMayEnd.await(30, TimeUnit.SECONDS);
			return Response.ok("worked");
		}

		@Override
		public Duration timeout() {
			return Duration.ofSeconds(20);
		}

	}

}
