package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.events.RequestLog;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Write timeouts measure progress: a client that reads slowly but steadily gets the whole
 * response however long it takes, a client that stops reading is cut at the stall time,
 * and the completion event tells what really happened.
 */
class WriteProgressTest {

	private static final int SIZE = 16 << 20;

	private static final int SLOW_RATE = 64 * 1024;

	private static final Duration STALL = Duration.ofSeconds(2);

	@TempDir
	Path temp;

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private static byte pattern(long index) {
		return (byte) (index * 31 + (index >>> 13));
	}

	private static byte[] patternBytes() {
		byte[] bytes = new byte[SIZE];
		for (int i = 0; i < SIZE; i++) {
			bytes[i] = pattern(i);
		}
		return bytes;
	}

	private static InputStream patternStream() {
		return new InputStream() {
			private long position;

			@Override
			public int read() {
				return position < SIZE ? pattern(position++) & 0xff : -1;
			}

			@Override
			public int read(byte[] into, int offset, int length) {
				if (position >= SIZE) {
					return -1;
				}
				int count = (int) Math.min(length, SIZE - position);
				for (int i = 0; i < count; i++) {
					into[offset + i] = pattern(position++);
				}
				return count;
			}
		};
	}

	private void startServer() throws IOException {
		byte[] bytes = patternBytes();
		Path file = Files.write(temp.resolve("big.bin"), bytes);
		Timeouts timeouts = Timeouts.DEFAULTS.withWrite(STALL);
		server = TestServers.start(
				s -> s.route("GET", "/file", Handler.nonBlocking(r -> Response.status(200).body(file)))
					.route("GET", "/bytes", Handler.nonBlocking(r -> Response.ok(bytes, "application/octet-stream")))
					.route("GET", "/stream", r -> Response.status(200).body(patternStream(), SIZE)),
				c -> c.timeouts(timeouts).events(events));
	}

	@Test
	void aFileABytesAndAStreamBodyReadAt64KiBPerSecondArriveWhole() throws Exception {
		startServer();
		long start = System.nanoTime();
		List<CompletableFuture<Long>> downloads = List.of("/file", "/bytes", "/stream")
			.stream()
			.map(path -> CompletableFuture.supplyAsync(() -> download(path, Duration.ofSeconds(11))))
			.toList();
		for (CompletableFuture<Long> download : downloads) {
			assertThat(download.get(60, TimeUnit.SECONDS)).isEqualTo(SIZE);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(10));
		assertThat(events.timeouts).doesNotContain(TimeoutPhase.WRITE);
		Await.until(Duration.ofSeconds(5), "three completions", () -> events.completed.size() == 3);
		for (RequestLog log : events.completed) {
			assertThat(log.status()).as(log.route()).isEqualTo(200);
			assertThat(log.bytesSent()).as(log.route()).isGreaterThan(SIZE);
			assertThat(Duration.ofNanos(log.durationNanos())).as(log.route()).isGreaterThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void aClientThatStopsReadingIsCutAtTheStallTimeAndRecordedAs499() throws Exception {
		startServer();
		try (Socket client = connect()) {
			client.getOutputStream()
				.write("GET /bytes HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			client.getInputStream().readNBytes(100_000);
			long stopped = System.nanoTime();
			Await.until(STALL.plusSeconds(4), "the stalled client cut", () -> server.statistics().connections() == 0);
			assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThanOrEqualTo(STALL);
		}
		assertThat(events.timeouts).contains(TimeoutPhase.WRITE);
		Await.until(Duration.ofSeconds(5), "a completion", () -> events.completed.size() == 1);
		RequestLog log = events.completed.get(0);
		assertThat(log.status()).isEqualTo(499);
		assertThat(log.error()).isNotNull();
		assertThat(log.bytesSent()).isBetween(100_000L, (long) SIZE);
	}

	@Test
	void aLargeByteArrayIsWrittenWithoutGrowingTheJdksDirectBufferCache() throws Exception {
		startServer();
		download("/bytes", Duration.ZERO); // warm up, then measure a second one
		long before = directMemory();
		assertThat(download("/bytes", Duration.ofSeconds(1))).isEqualTo(SIZE);
		assertThat(directMemory() - before).as("direct memory grown").isLessThan(2 << 20);
	}

	private static long directMemory() {
		return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter(pool -> pool.getName().equals("direct"))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
	}

	/** A client with a small receive buffer, so what it does not read backs up. */
	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(64 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
		return socket;
	}

	/**
	 * Reads the response at 64 KiB/s for {@code slowFor}, then as fast as it comes;
	 * returns the body's length once checked byte by byte.
	 */
	private long download(String path, Duration slowFor) {
		try (Socket client = connect()) {
			client.setSoTimeout(30_000);
			OutputStream out = client.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			InputStream in = client.getInputStream();
			int contentLength = readHead(in);
			long start = System.nanoTime();
			long slowEnd = start + slowFor.toNanos();
			byte[] piece = new byte[8192];
			long position = 0;
			while (position < contentLength) {
				long now = System.nanoTime();
				if (now < slowEnd) {
					long due = start + position * 1_000_000_000L / SLOW_RATE;
					if (due > now) {
						Thread.sleep(TimeUnit.NANOSECONDS.toMillis(due - now) + 1); // the
																					// pace
						continue;
					}
				}
				int read = in.read(piece, 0, (int) Math.min(piece.length, contentLength - position));
				if (read < 0) {
					break;
				}
				for (int i = 0; i < read; i++) {
					if (piece[i] != pattern(position + i)) {
						throw new AssertionError(path + ": wrong byte at " + (position + i));
					}
				}
				position += read;
			}
			return position;
		}
		catch (IOException | InterruptedException e) {
			throw new AssertionError(path + " failed", e);
		}
	}

	private static int readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed in the head: " + head);
			}
			head.append((char) b);
		}
		assertThat(head.toString()).startsWith("HTTP/1.1 200");
		for (String line : head.toString().split("\r\n")) {
			if (line.toLowerCase().startsWith("content-length:")) {
				return Integer.parseInt(line.substring(15).trim());
			}
		}
		throw new IOException("no Content-Length: " + head);
	}

}
