package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A file region an exchange handler writes is opened on the event loop: a path that is
 * not a regular file (a FIFO, which blocks its opener until a writer comes) fails the
 * write future and never stalls the loop.
 */
class ExchangeFileRegionTest {

	@TempDir
	Path dir;

	private Path fifo;

	private final CompletableFuture<Throwable> writeFailed = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() throws Exception {
		fifo = dir.resolve("pipe");
		assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
		server = TestServers.start(s -> s.exchange("GET", "/fifo", exchange -> {
			exchange.write(fifo, 0, 10).whenComplete((ok, error) -> {
				writeFailed.complete(error);
				exchange.abort(error);
			});
		}).exchange("GET", "/ok", exchange -> exchange.end()), config -> config.ioThreads(1));
	}

	@AfterEach
	void stop() throws Exception {
		// frees a loop blocked opening the FIFO, so the server can stop; on a thread of
		// its own, never the common pool (one thread on 2 cores under JDK 25)
		Thread writer = new Thread(() -> {
			try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
				unblock.write(new byte[10]);
			}
			catch (Exception e) {
				// the FIFO is gone
			}
		}, "fifo-unblocker");
		writer.setDaemon(true);
		writer.start();
		writer.join(1000);
		if (writer.isAlive()) {
			// the loop never opened it (as it should not): read it here, so the writer
			// ends
			try (FileInputStream reader = new FileInputStream(fifo.toFile())) {
				byte[] buffer = new byte[64];
				while (reader.read(buffer) >= 0) {
					// JDK 17's readAllBytes seeks, which a FIFO refuses
				}
			}
			writer.join(5000);
		}
		assertThat(writer.isAlive()).as("the FIFO writer ended").isFalse();
		server.stop();
	}

	@Test
	void aFifoFailsTheWriteWithoutBlockingTheLoop() throws Exception {
		try (RawClient fifoClient = new RawClient(server.port(), 5000)) {
			fifoClient.send("GET /fifo HTTP/1.1\r\nHost: x\r\n\r\n");
			try (RawClient other = new RawClient(server.port(), 3000)) {
				other.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(other.read().status()).isEqualTo(200);
			}
			assertThat(writeFailed.get(5, TimeUnit.SECONDS)).isNotNull();
			assertThat(fifoClient.closedByServer()).isTrue();
		}
		assertThat(Files.exists(fifo)).isTrue();
	}

}
