package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.events.RequestLog;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A file region that shrinks while an exchange sends it is the server's failure, not the
 * client's: the exchange is recorded with its status and the error (as a classic response
 * is), never as 499.
 */
class ExchangeShrinkingFileTest {

	private static final int SIZE = 8 * 1024 * 1024;

	@TempDir
	Path dir;

	private Webserv server;

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aFileThatShrinksMidTransferIsNotRecordedAsTheClientLeaving() throws Exception {
		Path file = dir.resolve("big.bin");
		Files.write(file, new byte[SIZE]);
		RecordingEvents events = new RecordingEvents();
		server = TestServers.start(s -> s.exchange("GET", "/file", exchange -> {
			exchange.write(file, 0, SIZE).thenCompose(ok -> exchange.end());
		}), config -> config.events(events));
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET /file HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			RawClient.readUntil(in, "\r\n\r\n");
			in.readNBytes(64 * 1024);
			try (RandomAccessFile shrink = new RandomAccessFile(file.toFile(), "rw")) {
				shrink.setLength(0);
			}
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		Await.until(Duration.ofSeconds(10), "the exchange is recorded", () -> !events.completed.isEmpty());
		RequestLog log = events.completed.get(0);
		assertThat(log.error()).isNotNull();
		assertThat(log.status()).isEqualTo(200);
		assertThat(log.bytesSent()).isLessThan(SIZE);
	}

}
