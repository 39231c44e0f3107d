package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;
import dev.webserv.testing.ZeroStream;

/**
 * A 1 GiB body to a slow reader never buffers more than a fixed amount in the server's
 * heap.
 */
class LargeBodyTest {

	private static final long GIB = 1L << 30;

	private static final long SLOW_PART = 8L << 20;

	@TempDir
	Path temp;

	private Webserv server;

	@BeforeEach
	void start() throws Exception {
		Path big = temp.resolve("big.bin");
		try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
			file.setLength(GIB); // sparse: costs no disk
		}
		server = TestServers.start(s -> s.route("GET", "/file", r -> Response.status(200).body(big))
			.route("GET", "/stream", r -> Response.status(200).body(new ZeroStream(GIB), GIB)));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void sendsAGibFileToASlowReaderWithBoundedHeap() throws Exception {
		assertHeapStaysBounded("/file");
	}

	@Test
	void sendsAGibStreamToASlowReaderWithBoundedHeap() throws Exception {
		assertHeapStaysBounded("/stream");
	}

	private void assertHeapStaysBounded(String path) throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long before = memory.getHeapMemoryUsage().getUsed();
		long peak = 0;
		try (RawClient raw = new RawClient(server.port(), 20_000)) {
			raw.socket().setReceiveBufferSize(16 * 1024);
			raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
			InputStream in = raw.socket().getInputStream();
			skipHead(in);
			byte[] buffer = new byte[64 * 1024];
			long received = 0;
			while (received < GIB) {
				int chunk = received < SLOW_PART ? 4096 : buffer.length;
				int read = in.read(buffer, 0, chunk);
				assertThat(read).isPositive();
				received += read;
				if (received < SLOW_PART && received % (512 * 1024) < 4096) {
					Thread.sleep(2); // a slow reader for the first megabytes
					System.gc();
					peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - before);
				}
			}
			assertThat(received).isEqualTo(GIB);
		}
		assertThat(peak).isLessThan(32L << 20);
	}

	private static void skipHead(InputStream in) throws Exception {
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
		}
	}

}
