package dev.webserv.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.config.Limits;
import dev.webserv.testing.TestServers;

/**
 * A log destination that stops taking lines (a FIFO whose reader never reads) must not
 * slow requests down: lines beyond the queue are dropped and counted, and stop() still
 * ends the writer thread.
 */
class StalledAccessLogTest {

	private static final int REQUESTS = 30_000;

	@TempDir
	Path dir;

	@Test
	void aStalledDestinationDropsLinesAndNeverDelaysResponses() throws Exception {
		Path fifo = dir.resolve("access.fifo");
		assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
		// a reader that opens the pipe and never reads: the writer blocks once the pipe
		// buffer is full
		CompletableFuture<InputStream> reader = AccessLogFaultsTest.openAndNeverRead(fifo);
		Webserv server = TestServers.start(
				s -> s.route("GET", "/t", Handler.nonBlocking(request -> Response.ok("k")))
					.accessLog(AccessLog.toFile(fifo)),
				config -> config.limits(Limits.DEFAULTS.withMaxRequestsPerConnection(0)));
		try {
			long started = System.nanoTime();
			assertThat(pipeline(server.port(), REQUESTS)).isEqualTo(REQUESTS);
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
			assertThat(seconds).as("30,000 requests with a stalled log").isLessThan(30);
			assertThat(server.accessLogDroppedLines())
				.as("lines beyond the queue (%d) and the pipe buffer", AccessLogs.QUEUE_CAPACITY)
				.isGreaterThan(0);
		}
		finally {
			server.stop();
			reader.get(5, TimeUnit.SECONDS).close();
		}
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch(thread -> thread.getName().endsWith("access-log") && thread.isAlive());
	}

	/** Sends n pipelined GETs (the last closes) and counts the 200s that come back. */
	private static int pipeline(int port, int n) throws Exception {
		return pipeline(port, n, "GET /t HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Sends a request n - 1 times, then a GET that closes, and counts the 200s that come
	 * back.
	 */
	static int pipeline(int port, int n, byte[] request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			// a thread of its own, never the common pool (one thread on 2 cores, where a
			// blocked task would hold up every other test's async work on JDK 25)
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					for (int i = 0; i < n - 1; i++) {
						out.write(request);
					}
					out.write("GET /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
			}, task -> {
				Thread sender = new Thread(task, "pipeline-sender");
				sender.setDaemon(true);
				sender.start();
			});
			String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			sent.get(30, TimeUnit.SECONDS);
			int count = 0;
			for (int at = all.indexOf("HTTP/1.1 200 "); at >= 0; at = all.indexOf("HTTP/1.1 200 ", at + 1)) {
				count++;
			}
			return count;
		}
	}

}
