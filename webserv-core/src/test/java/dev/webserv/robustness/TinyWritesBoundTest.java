package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.TestServers;

/**
 * A streamed response of many tiny writes queued behind a file region its client does not
 * read: what the connection holds is bounded in heap, not only in the bytes counted (each
 * write is a part of its own, with its chunk framing).
 */
class TinyWritesBoundTest {

	private static final int CONNECTIONS = 20;

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void tinyWritesBehindAStalledFileHoldABoundedHeap(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("big");
		try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
			big.setLength(64L * 1024 * 1024);
		}
		AtomicInteger handled = new AtomicInteger();
		AtomicLong atOnce = new AtomicLong();
		byte[] one = "x".getBytes(StandardCharsets.US_ASCII);
		server = TestServers.start(s -> s.exchange("GET", "/tiny", exchange -> {
			exchange.write(file, 0, Files.size(file)); // the client never reads it all
			long count = 0;
			// a producer that writes while its futures complete at once, as documented
			while (count < 1_000_000 && exchange.write(ByteBuffer.wrap(one)).isDone()) {
				count++;
			}
			atOnce.addAndGet(count);
			handled.incrementAndGet();
		}), c -> c.ioThreads(1));
		long heapBefore = Resources.heapAfterGc();
		List<Socket> clients = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				Socket client = new Socket();
				client.setReceiveBufferSize(4096);
				client.connect(new InetSocketAddress("127.0.0.1", server.port()));
				client.getOutputStream()
					.write("GET /tiny HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				clients.add(client); // never read
			}
			Await.until(Duration.ofSeconds(20), "every exchange wrote", () -> handled.get() == CONNECTIONS);
			long perConnection = (Resources.heapAfterGc() - heapBefore) / CONNECTIONS;
			assertThat(server.statistics().connections()).isEqualTo(CONNECTIONS);
			Figures.record("tiny writes", "heap held per connection by " + atOnce.get() / CONNECTIONS
					+ " one-byte writes completed at once behind a stalled file (bytes)", perConnection);
			assertThat(perConnection).as("heap held per connection").isLessThan(512 * 1024);
		}
		finally {
			for (Socket client : clients) {
				client.close();
			}
		}
	}

}
