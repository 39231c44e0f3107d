package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.testing.Await;
import dev.webserv.testing.ZeroStream;

/**
 * nginx releases a {@code limit_conn} slot when the request is finalized: a big download
 * holds its slot until its last byte is written (or its client is gone), not only while
 * the handler runs. The handler here returns at once with a 64 MB stream; a client that
 * reads slowly keeps the response in flight.
 */
class LimitConnReleaseTest {

	private static final long SIZE = 64L * 1024 * 1024;

	/** Returns at once: the body is streamed by the server afterwards. */
	private static final Handler DOWNLOAD = Handler.nonBlocking(
			request -> Response.status(200).contentType("application/octet-stream").body(new ZeroStream(SIZE), SIZE));

	@Test
	void aDownloadHoldsItsSlotUntilItsLastByteIsWritten() throws Exception {
		try (Sites site = Sites.start(server -> server.limitConnZone("addr", 100)
			.location(Location.builder("/files").limitConn("addr", 1).handler(DOWNLOAD).build()));
				Socket slow = slowReader(site.server.port())) {
			InputStream in = slow.getInputStream();
			assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

			assertThat(site.get("/files/b").statusCode()).as("the first download is still being sent").isEqualTo(429);

			long read = 12 + drain(in);
			assertThat(read).isGreaterThan(SIZE);
			Await.until(Duration.ofSeconds(10), "the slot given back once the download is over",
					() -> site.get("/files/c").statusCode(), status -> status == 200);
			assertThat(site.refusals).contains("limit_conn /files/**");
		}
	}

	@Test
	void aClientLeavingMidDownloadGivesItsSlotBack() throws Exception {
		try (Sites site = Sites.start(server -> server.limitConnZone("addr", 100)
			.location(Location.builder("/files").limitConn("addr", 1).handler(DOWNLOAD).build()))) {
			try (Socket slow = slowReader(site.server.port())) {
				assertThat(slow.getInputStream().readNBytes(12)).hasSize(12);
				assertThat(site.get("/files/b").statusCode()).isEqualTo(429);
				slow.setSoLinger(true, 0); // a reset, as a client that gives up
			}
			Await.until(Duration.ofSeconds(10), "the slot given back once the client left",
					() -> site.get("/files/c").statusCode(), status -> status == 200);
		}
	}

	/** A client with a small receive buffer that asks for the download and waits. */
	private static Socket slowReader(int port) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(16 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(20_000);
		OutputStream out = socket.getOutputStream();
		out.write("GET /files/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private static long drain(InputStream in) {
		byte[] buffer = new byte[256 * 1024];
		long total = 0;
		try {
			for (int n; (n = in.read(buffer)) != -1;) {
				total += n;
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return total;
	}

}
