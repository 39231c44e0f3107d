package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestCa;

/**
 * Slow TLS clients against the handshake deadline, which runs from the opening whatever
 * bytes come: a ClientHello trickled a byte at a time, a handshake abandoned after the
 * server's flight; and a TLS keep-alive connection that rested, then starts a head it
 * never ends, which gets the header deadline, not the idle one.
 */
class TlsSlowClientsTest {

	private static final Duration HANDSHAKE = Duration.ofMillis(1000);

	private Webserv start() {
		Timeouts timeouts = Timeouts.DEFAULTS.withHeader(Duration.ofMillis(500))
			.withIdle(Duration.ofSeconds(30))
			.withHandshake(HANDSHAKE);
		return TlsServers.start(server -> server.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				config -> config.timeouts(timeouts));
	}

	@Test
	void aClientHelloTrickledAByteAtATimeIsClosedAtTheHandshakeDeadline() throws Exception {
		try (Webserv server = start(); Socket socket = connect(server.port())) {
			byte[] hello = TlsSockets.clientHello(server.port());
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			socket.setSoTimeout(100);
			long opened = System.nanoTime();
			boolean closed = false;
			for (int i = 0; i < hello.length - 1 && !closed
					&& elapsed(opened).compareTo(Duration.ofSeconds(6)) < 0; i++) {
				try {
					out.write(hello[i]);
					out.flush();
					closed = in.read() < 0; // waits 100 ms between bytes
				}
				catch (SocketTimeoutException stillOpen) {
					// the next byte
				}
				catch (IOException reset) {
					closed = true;
				}
			}
			Duration open = elapsed(opened);
			assertThat(closed).as("closed by the server").isTrue();
			assertThat(open).isGreaterThanOrEqualTo(HANDSHAKE.minusMillis(100)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void aHandshakeAbandonedAfterTheServersFlightIsClosedAtTheHandshakeDeadline() throws Exception {
		try (Webserv server = start(); Socket socket = connect(server.port())) {
			long opened = System.nanoTime();
			socket.getOutputStream().write(TlsSockets.clientHello(server.port()));
			socket.setSoTimeout(8000);
			InputStream in = socket.getInputStream();
			try {
				while (in.read() >= 0) {
					// the server's hello, certificate and finished; then nothing from us
				}
			}
			catch (SocketTimeoutException hang) {
				throw new AssertionError("still open 8 s after the ClientHello", hang);
			}
			catch (IOException reset) {
				// closed
			}
			assertThat(elapsed(opened)).isGreaterThanOrEqualTo(HANDSHAKE.minusMillis(100))
				.isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void aRestingTlsConnectionThatStartsAHeadGetsTheHeaderDeadline() throws Exception {
		try (Webserv server = start();
				SSLSocket socket = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext())) {
			RawClient raw = new RawClient(socket);
			socket.setSoTimeout(10_000);
			raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("fine");
			Thread.sleep(300); // past a few sweeps: the connection rests until its idle
								// deadline

			long started = System.nanoTime();
			raw.send("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));

			assertThat(raw.read().status()).isEqualTo(408);
			assertThat(elapsed(started)).isLessThan(Duration.ofSeconds(4));
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void aFileTruncatedWhileSentOverTlsEndsTheConnectionShortOfItsLength(@TempDir Path dir) throws Exception {
		int size = 32 * 1024 * 1024;
		Path file = dir.resolve("large.bin");
		try (RandomAccessFile created = new RandomAccessFile(file.toFile(), "rw")) {
			created.setLength(size);
		}
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/large", r -> Response.status(200).body(file)));
				SSLSocket socket = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET /large HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			assertThat(RawClient.readUntil(in, "\r\n\r\n")).contains("Content-Length: " + size);
			long read = in.readNBytes(256 * 1024).length;

			try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
				cut.setLength(1024 * 1024);
			}
			byte[] buffer = new byte[64 * 1024];
			try {
				int n;
				while ((n = in.read(buffer)) > 0) {
					read += n;
				}
			}
			catch (SocketTimeoutException hang) {
				throw new AssertionError("neither sent nor closed for 10 s after " + read + " bytes", hang);
			}
			catch (IOException reset) {
				// closed with bytes in flight
			}
			assertThat(read).isLessThan(size);
		}
	}

	private static Duration elapsed(long since) {
		return Duration.ofNanos(System.nanoTime() - since);
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		return socket;
	}

}
