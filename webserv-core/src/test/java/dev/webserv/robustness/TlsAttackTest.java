package dev.webserv.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.TlsFailure;
import dev.webserv.testing.Await;
import dev.webserv.testing.TestCa;
import dev.webserv.testing.TlsEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad TLS clients over real sockets: stalled handshakes by the thousand, garbage,
 * truncated and corrupted records, resets mid-handshake and mid-response. Each closes
 * cleanly, is counted, and leaves no descriptor or thread behind.
 */
class TlsAttackTest {

	private final TlsEvents events = new TlsEvents();

	private Webserv start(Duration handshakeTimeout, Path root) throws IOException {
		VirtualServer.Builder server = VirtualServer.builder()
			.listen("127.0.0.1:0 ssl")
			.tls(Tls.of(TestCa.get().serverContext("localhost")))
			.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine")));
		if (root != null) {
			server.root(root).location(Location.builder("/files").build());
		}
		Webserv webserv = new Webserv(ServerConfig.builder()
			.ioThreads(1)
			.timeouts(Timeouts.DEFAULTS.withHeader(handshakeTimeout).withHandshake(handshakeTimeout))
			.events(events)
			.server(server.build())
			.build());
		webserv.start();
		return webserv;
	}

	/** A real ClientHello, as the JDK's client sends it. */
	private static byte[] clientHello() throws IOException {
		SSLEngine client = TestCa.get().clientContext().createSSLEngine("localhost", 443);
		client.setUseClientMode(true);
		ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
		client.wrap(ByteBuffer.allocate(0), out);
		return Arrays.copyOf(out.array(), out.position());
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(15000);
		return socket;
	}

	/** Whether the server closed (EOF or reset), reading and dropping anything before. */
	private static boolean closedByServer(Socket socket) {
		try {
			InputStream in = socket.getInputStream();
			byte[] sink = new byte[4096];
			while (in.read(sink) >= 0) {
				// an alert, perhaps
			}
			return true;
		}
		catch (IOException reset) {
			return !(reset instanceof java.net.SocketTimeoutException);
		}
	}

	/** A whole HTTPS exchange on a fresh connection; how long it took. */
	private static Duration normalRequest(int port) throws IOException {
		long start = System.nanoTime();
		try (SSLSocket socket = (SSLSocket) TestCa.get().clientContext().getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(answer).startsWith("HTTP/1.1 200").endsWith("fine");
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Test
	void aThousandStalledHandshakesDoNotDelayANormalClientAndAllCloseAtTheDeadline() throws Exception {
		Resources.Snapshot before = Resources.snapshot();
		byte[] hello = clientHello();
		int count = 1000;
		List<Socket> stalled = new ArrayList<>();
		try (Webserv server = start(Duration.ofSeconds(3), null)) {
			normalRequest(server.port()); // warm
			long opened = System.nanoTime();
			for (int i = 0; i < count; i++) {
				Socket socket = connect(server.port());
				if (i % 2 == 1) {
					socket.getOutputStream().write(hello, 0, hello.length / 2); // half a
																				// ClientHello
				}
				stalled.add(socket);
			}
			Await.until(Duration.ofSeconds(10), "all stalled connections accepted",
					() -> server.statistics().connections() >= count);
			assertThat(normalRequest(server.port())).isLessThan(Duration.ofSeconds(1));
			for (Socket socket : stalled) {
				assertThat(closedByServer(socket)).isTrue();
			}
			assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofSeconds(12));
			Await.until(Duration.ofSeconds(5), "every stalled handshake timed out",
					() -> events.handshakeTimeouts.get() == count && events.failures(TlsFailure.TIMEOUT) == count);
			assertThat(normalRequest(server.port())).isLessThan(Duration.ofSeconds(1));
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
		Resources.awaitBaseline(before, Duration.ofSeconds(10));
	}

	@Test
	void garbageTruncatedAndCorruptRecordsAndResetsCloseCleanly() throws Exception {
		Resources.Snapshot before = Resources.snapshot();
		byte[] hello = clientHello();
		try (Webserv server = start(Duration.ofSeconds(30), null)) {
			int port = server.port();
			// garbage before any ClientHello
			try (Socket socket = connect(port)) {
				socket.getOutputStream().write(new byte[] { 0x16, 0x09, 0x09, 0, 5, 1, 2, 3, 4, 5 });
				assertThat(closedByServer(socket)).isTrue();
			}
			// a record cut short, then FIN
			try (Socket socket = connect(port)) {
				socket.getOutputStream().write(hello, 0, 20);
				socket.shutdownOutput();
				assertThat(closedByServer(socket)).isTrue();
			}
			// a ClientHello whose body is corrupt
			try (Socket socket = connect(port)) {
				byte[] corrupt = hello.clone();
				Arrays.fill(corrupt, 9, corrupt.length, (byte) 0xee);
				socket.getOutputStream().write(corrupt);
				assertThat(closedByServer(socket)).isTrue();
			}
			// a reset mid-handshake
			Socket reset = connect(port);
			reset.getOutputStream().write(hello, 0, hello.length / 2);
			reset.setSoLinger(true, 0);
			reset.close();
			Await.until(Duration.ofSeconds(5), "every connection closed long before the deadline",
					() -> events.failures(TlsFailure.CLOSED) == 2 && server.statistics().connections() == 0);
			assertThat(events.failures(TlsFailure.NOT_TLS)).isEqualTo(1);
			assertThat(events.failures(TlsFailure.HANDSHAKE)).isEqualTo(1);
			assertThat(normalRequest(port)).isLessThan(Duration.ofSeconds(2));
		}
		Resources.awaitBaseline(before, Duration.ofSeconds(10));
	}

	@Test
	void corruptRecordsAfterTheHandshakeAndResetsMidResponseCloseCleanly(@TempDir Path root) throws Exception {
		byte[] big = new byte[8 * 1024 * 1024];
		Files.createDirectories(root.resolve("files"));
		Files.write(root.resolve("files/big.bin"), big);
		Resources.Snapshot before = Resources.snapshot();
		try (Webserv server = start(Duration.ofSeconds(30), root)) {
			int port = server.port();
			try (Socket plain = connect(port);
					SSLSocket tls = (SSLSocket) TestCa.get()
						.clientContext()
						.getSocketFactory()
						.createSocket(plain, "localhost", port, false)) {
				tls.startHandshake();
				plain.getOutputStream()
					.write(new byte[] { 23, 3, 3, 0, 40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
							19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40 });
				assertThat(closedByServer(plain)).isTrue();
			}
			SSLSocket downloading = (SSLSocket) TestCa.get().clientContext().getSocketFactory().createSocket();
			downloading.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			downloading.getOutputStream()
				.write("GET /files/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			downloading.getInputStream().readNBytes(100_000);
			downloading.setSoLinger(true, 0);
			downloading.close();
			Await.until(Duration.ofSeconds(5), "both connections closed", () -> server.statistics().connections() == 0);
			assertThat(normalRequest(port)).isLessThan(Duration.ofSeconds(2));
		}
		Resources.awaitBaseline(before, Duration.ofSeconds(10));
	}

}
