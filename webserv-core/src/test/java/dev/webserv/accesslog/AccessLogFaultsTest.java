package dev.webserv.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.config.Limits;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Destinations that misbehave: a FIFO nobody opens, a stalled one fed long lines, a disk
 * that refuses every write. The server's memory stays bounded, stop() ends the writer,
 * and every lost line is counted.
 */
class AccessLogFaultsTest {

	@TempDir
	Path dir;

	@Test
	void aFifoNobodyReadsNeitherHoldsStopNorLeavesTheWriterThread() throws Exception {
		Path fifo = fifo();
		Webserv server = start(fifo);
		String writer = "webserv-" + server.port() + "-access-log";
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
		}
		finally {
			server.stop();
		}
		// the thread opening a FIFO with no reader blocked in open(2), which no
		// interrupt ends: it outlived the server
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch(thread -> thread.getName().equals(writer) && thread.isAlive());
	}

	@Test
	void linesWaitingForAStalledDestinationAreBoundedInBytesNotOnlyInNumber() throws Exception {
		Path fifo = fifo();
		CompletableFuture<InputStream> reader = openAndNeverRead(fifo);
		Webserv server = start(fifo);
		try {
			// 600 lines of about 32 KB each (a User-Agent of 7,900 non-ASCII bytes, each
			// written \xHH): 19 MB held for a stalled log, though 600 lines is far below
			// the queue's 16,384; at the header limit that was 1 GB for a full queue
			int requests = 600;
			assertThat(pipeline(server.port(), requests)).isEqualTo(requests);
			Await.until(Duration.ofSeconds(10), "lines past the queue's byte bound are dropped",
					server::accessLogDroppedLines, dropped -> dropped >= requests / 2);
		}
		finally {
			server.stop();
			reader.get(5, TimeUnit.SECONDS).close();
		}
	}

	@Test
	void everyLineADestinationFailsToWriteIsCounted() throws Exception {
		Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as a full disk
		assumeTrue(Files.isWritable(full), "/dev/full");
		Path log = Files.createSymbolicLink(dir.resolve("access.log"), full);
		int requests = 20;
		try (Webserv server = start(log)) {
			for (int i = 0; i < requests; i++) {
				try (RawClient raw = new RawClient(server.port())) {
					raw.send("GET /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
					assertThat(raw.read().status()).isEqualTo(200);
				}
			}
			// the lines went into the writer's buffer and were lost at its flush: the
			// counter said 0
			Await.until(Duration.ofSeconds(10), "every lost line counted", server::accessLogDroppedLines,
					dropped -> dropped == requests);
		}
	}

	private Path fifo() throws Exception {
		Path fifo = dir.resolve("access.fifo");
		assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
		return fifo;
	}

	private static Webserv start(Path log) {
		return TestServers.start(
				s -> s.route("GET", "/t", Handler.nonBlocking(request -> Response.ok("k")))
					.accessLog(AccessLog.toFile(log)),
				config -> config.limits(Limits.DEFAULTS.withMaxRequestsPerConnection(0)));
	}

	/**
	 * A reader that opens the FIFO (on a thread of its own: that blocks) and never reads.
	 */
	static CompletableFuture<InputStream> openAndNeverRead(Path fifo) {
		CompletableFuture<InputStream> reader = new CompletableFuture<>();
		Thread opener = new Thread(() -> {
			try {
				reader.complete(new FileInputStream(fifo.toFile()));
			}
			catch (Exception e) {
				reader.completeExceptionally(e);
			}
		}, "fifo-reader");
		opener.setDaemon(true);
		opener.start();
		return reader;
	}

	/**
	 * Sends n pipelined GETs with a long non-ASCII User-Agent (the last closes) and
	 * counts the 200s.
	 */
	private static int pipeline(int port, int n) throws Exception {
		byte[] agent = new byte[7900];
		Arrays.fill(agent, (byte) 0xFF);
		ByteArrayOutputStream one = new ByteArrayOutputStream();
		one.write("GET /t HTTP/1.1\r\nHost: x\r\nUser-Agent: ".getBytes(StandardCharsets.US_ASCII));
		one.write(agent);
		one.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return StalledAccessLogTest.pipeline(port, n, one.toByteArray());
	}

}
