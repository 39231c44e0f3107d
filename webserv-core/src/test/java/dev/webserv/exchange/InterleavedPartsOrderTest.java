package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.HttpExchange;
import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A streaming handler's small, large and file parts, written from a thread of its own in
 * any mix (small copies share the output's tail buffer, large ones are queued by
 * reference, files go by transferTo), reach a slow reader whole and in the order written:
 * chunked or with a Content-Length, the bytes received are the bytes written.
 */
class InterleavedPartsOrderTest {

	private static final int FILE_SIZE = 3 * 1024 * 1024;

	@TempDir
	Path dir;

	private Webserv server;

	private final List<Thread> writers = new ArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		server.stop();
		for (Thread writer : writers) {
			writer.join(5000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "chunked", "length" })
	void aSlowReaderGetsEveryPartInOrder(String framing) throws Exception {
		byte[] fileBytes = new byte[FILE_SIZE];
		new Random(7).nextBytes(fileBytes);
		Path file = Files.write(dir.resolve("parts.bin"), fileBytes);
		List<Part> parts = plan(new Random(11), fileBytes.length);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		for (Part part : parts) {
			expected.write(part.bytes(fileBytes));
		}
		server = TestServers.start(s -> s.exchange("GET", "/parts", exchange -> {
			if (framing.equals("length")) {
				exchange.responseHeaders().set("Content-Length", String.valueOf(expected.size()));
			}
			Thread writer = new Thread(() -> writeAll(exchange, parts, file), "parts-writer");
			writers.add(writer);
			writer.start();
		}).exchange("GET", "/ok", HttpExchange::end), config -> config.ioThreads(1));

		try (RawClient raw = new RawClient(smallWindow(server.port()))) {
			raw.send("GET /parts HTTP/1.1\r\nHost: x\r\n\r\n");
			InputStream slow = new SlowStream(raw.socket().getInputStream());
			String head = RawClient.readUntil(slow, "\r\n\r\n");
			assertThat(head).startsWith("HTTP/1.1 200");
			byte[] body = framing.equals("length") ? slow.readNBytes(expected.size()) : dechunk(slow);

			assertThat(body.length).isEqualTo(expected.size());
			assertThat(firstDifference(body, expected.toByteArray())).as("first byte that differs").isEqualTo(-1);
			// the connection serves on: nothing was left over or out of place
			raw.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(RawClient.readUntil(slow, "\r\n\r\n")).startsWith("HTTP/1.1 200");
		}
	}

	/**
	 * A socket whose receive buffer is small from the start: set after the connect, the
	 * window shrinks under the sender and TCP itself stalls on its persist timer.
	 */
	private static Socket smallWindow(int port) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static void writeAll(HttpExchange exchange, List<Part> parts, Path file) {
		try {
			int i = 0;
			for (Part part : parts) {
				if (part.fileLength > 0) {
					exchange.write(file, part.fileOffset, part.fileLength).get(30, TimeUnit.SECONDS);
				}
				else {
					exchange.write(ByteBuffer.wrap(part.data)).get(30, TimeUnit.SECONDS);
				}
				if (++i % 17 == 0) {
					exchange.flush().get(30, TimeUnit.SECONDS);
				}
			}
			exchange.end();
		}
		catch (Exception e) {
			exchange.abort(e);
		}
	}

	/**
	 * Runs of tiny parts (one byte to a few hundred: they share the tail buffer), some
	 * just over the tail's room, copied or referenced large ones, and file regions.
	 */
	private static List<Part> plan(Random random, int fileSize) {
		List<Part> parts = new ArrayList<>();
		int serial = 0;
		for (int i = 0; i < 400; i++) {
			int kind = random.nextInt(10);
			if (kind < 5) {
				parts.add(Part.bytes(serial++, 1 + random.nextInt(random.nextBoolean() ? 8 : 600)));
			}
			else if (kind < 7) {
				parts.add(Part.bytes(serial++, 500 + random.nextInt(5000)));
			}
			else if (kind < 9) {
				parts.add(Part.bytes(serial++, 16 * 1024 + random.nextInt(100_000)));
			}
			else {
				int length = 1 + random.nextInt(random.nextBoolean() ? 600 : 300_000);
				parts.add(Part.file(random.nextInt(fileSize - length), length));
			}
		}
		return parts;
	}

	private static byte[] dechunk(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String line = RawClient.readUntil(in, "\r\n").trim();
			int size = Integer.parseInt(line, 16);
			if (size == 0) {
				assertThat(RawClient.readUntil(in, "\r\n")).isEqualTo("\r\n");
				return body.toByteArray();
			}
			body.write(in.readNBytes(size));
			assertThat(new String(in.readNBytes(2), StandardCharsets.ISO_8859_1)).as("the chunk's end")
				.isEqualTo("\r\n");
		}
	}

	private static int firstDifference(byte[] a, byte[] b) {
		return Arrays.mismatch(a, b);
	}

	/** Bytes of a pattern no two parts share at the same offset, or a file region. */
	private record Part(byte[] data, long fileOffset, int fileLength) {

		static Part bytes(int serial, int size) {
			byte[] data = new byte[size];
			for (int i = 0; i < size; i++) {
				data[i] = (byte) (serial * 31 + i);
			}
			return new Part(data, 0, 0);
		}

		static Part file(long offset, int length) {
			return new Part(null, offset, length);
		}

		byte[] bytes(byte[] file) {
			return data != null ? data : Arrays.copyOfRange(file, (int) fileOffset, (int) fileOffset + fileLength);
		}

	}

	/** Reads at most 4 KiB at a time, pausing now and then: the server's socket fills. */
	private static final class SlowStream extends InputStream {

		private final InputStream in;

		private int reads;

		SlowStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			return in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (++reads % 8 == 0) {
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			return in.read(buffer, offset, Math.min(length, 4096));
		}

	}

}
