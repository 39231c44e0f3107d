package dev.webserv.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Compression;
import dev.webserv.config.Location;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A file that shrinks while it is gzipped on the fly: the response must not end like a
 * complete one (last chunk, gzip trailer), or a client stores a truncated file as whole.
 * The plain path closes the connection in the same case (its Content-Length is not met).
 */
class ShrinkingSourceTest {

	/** Well past what the kernel's buffers can hold, so the truncation lands mid-body. */
	private static final int SIZE = 16 * 1024 * 1024;

	@TempDir
	Path root;

	private Webserv server;

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aFileTruncatedWhileGzippedEndsWithoutTheLastChunk() throws Exception {
		Path file = root.resolve("big.txt");
		byte[] content = new byte[SIZE];
		new Random(7).nextBytes(content);
		Files.write(file, content);
		server = TestServers
			.start(s -> s.root(root).compression(Compression.gzip()).location(Location.builder("/").build()));
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.setSoTimeout(20_000);
			socket.getOutputStream()
				.write("GET /big.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String head = RawClient.readUntil(in, "\r\n\r\n");
			assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Encoding: gzip");
			try (RandomAccessFile shrink = new RandomAccessFile(file.toFile(), "rw")) {
				shrink.setLength(SIZE / 4);
			}
			Dechunked body = dechunk(in);
			assertThat(body.bytes).isGreaterThan(0).isLessThan(SIZE);
			assertThat(body.complete).as("a truncated body must not end with the last chunk").isFalse();
		}
	}

	@Test
	void aStreamShorterThanItsLengthEndsWithoutTheLastChunk() throws Exception {
		byte[] half = new byte[50_000];
		java.util.Arrays.fill(half, (byte) 'a');
		server = TestServers.start(s -> s.compression(Compression.gzip())
			.route("GET", "/short",
					request -> Response.status(200)
						.contentType("text/plain")
						.body(new java.io.ByteArrayInputStream(half), 2 * half.length)));
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(20_000);
			socket.getOutputStream()
				.write("GET /short HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String head = RawClient.readUntil(in, "\r\n\r\n");
			assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Encoding: gzip");
			Dechunked body = dechunk(in);
			assertThat(body.complete).as("a body short of its length must not end with the last chunk").isFalse();
		}
	}

	private record Dechunked(long bytes, boolean complete) {
	}

	/** Reads chunks until the last one (complete) or the end of the connection. */
	private static Dechunked dechunk(InputStream in) throws IOException {
		long bytes = 0;
		while (true) {
			String line = line(in);
			if (line == null) {
				return new Dechunked(bytes, false);
			}
			int size = Integer.parseInt(line.trim(), 16);
			if (size == 0) {
				return new Dechunked(bytes, line(in) != null);
			}
			byte[] data = in.readNBytes(size + 2);
			bytes += Math.max(0, data.length - 2);
			if (data.length < size + 2) {
				return new Dechunked(bytes, false);
			}
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b == '\n') {
				return line.toString(StandardCharsets.US_ASCII);
			}
			line.write(b);
		}
		return null;
	}

}
