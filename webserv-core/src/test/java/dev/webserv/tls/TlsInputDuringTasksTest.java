package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;

/**
 * Input that arrives while a handshake's delegated tasks run: the socket stays watched
 * during the tasks, so such input must neither spin the loop nor be forgotten once they
 * are done. A record sent right behind the ClientHello, or the client's FIN, is answered
 * as soon as the tasks end (an alert, or a close), long before the handshake deadline,
 * and the loop serves other clients meanwhile.
 */
class TlsInputDuringTasksTest {

	private static final Duration HANDSHAKE = Duration.ofSeconds(20);

	/** A whole record of application data, before any key: the engine fails on it. */
	private static final byte[] APPLICATION_DATA_TOO_EARLY = { 0x17, 3, 3, 0, 1, 0 };

	private Webserv start() {
		return TlsServers.start(server -> server.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				config -> config.ioThreads(1).timeouts(Timeouts.DEFAULTS.withHandshake(HANDSHAKE)));
	}

	@Test
	void junkRightBehindTheClientHelloIsAnsweredOnceTheTasksAreDone() throws Exception {
		try (Webserv server = start(); Socket socket = connect(server.port())) {
			byte[] hello = TlsSockets.clientHello(server.port());
			byte[] junk = APPLICATION_DATA_TOO_EARLY;
			byte[] both = Arrays.copyOf(hello, hello.length + junk.length);
			System.arraycopy(junk, 0, both, hello.length, junk.length);
			long sent = System.nanoTime();
			socket.getOutputStream().write(both);

			assertClosedSoon(socket, sent);
			assertServes(server);
		}
	}

	@Test
	void aClientThatClosesRightAfterItsClientHelloIsClosedOnceTheTasksAreDone() throws Exception {
		try (Webserv server = start(); Socket socket = connect(server.port())) {
			long sent = System.nanoTime();
			socket.getOutputStream().write(TlsSockets.clientHello(server.port()));
			socket.shutdownOutput();

			assertClosedSoon(socket, sent);
			assertServes(server);
		}
	}

	@Test
	void manyClientsSendingBehindTheirHellosAllGetAnAnswer() throws Exception {
		try (Webserv server = start()) {
			Socket[] sockets = new Socket[32];
			byte[] hello = TlsSockets.clientHello(server.port());
			long sent = System.nanoTime();
			try {
				for (int i = 0; i < sockets.length; i++) {
					sockets[i] = connect(server.port());
					sockets[i].getOutputStream().write(hello);
					sockets[i].getOutputStream().write(APPLICATION_DATA_TOO_EARLY);
				}
				assertServes(server);
				for (Socket socket : sockets) {
					assertClosedSoon(socket, sent);
				}
			}
			finally {
				for (Socket socket : sockets) {
					if (socket != null) {
						socket.close();
					}
				}
			}
		}
	}

	private static void assertClosedSoon(Socket socket, long since) throws IOException {
		socket.setSoTimeout(10_000);
		InputStream in = socket.getInputStream();
		try {
			while (in.read() >= 0) {
				// the server's flight, then an alert
			}
		}
		catch (SocketTimeoutException hang) {
			throw new AssertionError("still open 10 s after the ClientHello", hang);
		}
		catch (IOException reset) {
			// closed
		}
		assertThat(Duration.ofNanos(System.nanoTime() - since)).isLessThan(HANDSHAKE.dividedBy(2));
	}

	private static void assertServes(Webserv server) throws Exception {
		HttpResponse<String> response = TlsServers.client()
			.send(java.net.http.HttpRequest.newBuilder(TlsServers.uri(server, "/"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("fine");
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		return socket;
	}

}
