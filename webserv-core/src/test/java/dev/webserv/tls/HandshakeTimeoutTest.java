package dev.webserv.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.InvalidSettingException;
import dev.webserv.config.Timeouts;
import dev.webserv.events.TlsFailure;
import dev.webserv.testing.Await;
import dev.webserv.testing.TestCa;
import dev.webserv.testing.TlsEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS handshake's own deadline ({@code Timeouts.handshake}): a ClientHello stalled
 * halfway is closed at it, whatever the header timeout says, and counted as a HANDSHAKE
 * timeout and a {@code timeout} TLS failure; a handshake that finishes in time is not
 * touched by it.
 */
class HandshakeTimeoutTest {

	private final TlsEvents events = new TlsEvents();

	private Webserv start(Timeouts timeouts) {
		return TlsServers.start(server -> server.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				config -> config.timeouts(timeouts).events(events));
	}

	@Test
	void aStalledClientHelloIsClosedAtTheHandshakeDeadlineNotTheHeaderOne() throws Exception {
		Timeouts timeouts = Timeouts.DEFAULTS.withHeader(Duration.ofSeconds(30))
			.withIdle(Duration.ofSeconds(30))
			.withHandshake(Duration.ofMillis(700));
		try (Webserv server = start(timeouts); Socket socket = halfAClientHello(server.port())) {
			long sent = System.nanoTime();
			assertThat(closedWithin(socket, Duration.ofSeconds(10))).isTrue();
			Duration open = Duration.ofNanos(System.nanoTime() - sent);
			assertThat(open).isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofSeconds(5));
			Await.until(Duration.ofSeconds(5), "the timeout counted",
					() -> events.handshakeTimeouts.get() == 1 && events.failures(TlsFailure.TIMEOUT) == 1);
		}
	}

	@Test
	void aLongHandshakeTimeoutOutlastsAShortHeaderTimeout() throws Exception {
		Timeouts timeouts = Timeouts.DEFAULTS.withHeader(Duration.ofMillis(300)).withHandshake(Duration.ofSeconds(30));
		try (Webserv server = start(timeouts); Socket socket = halfAClientHello(server.port())) {
			// three header timeouts later the handshake may still go on
			assertThat(closedWithin(socket, Duration.ofMillis(1500))).isFalse();
			assertThat(events.handshakeTimeouts.get()).isZero();
		}
	}

	@Test
	void theHandshakeTimeoutDefaultsToTenSecondsAndMustBePositive() {
		assertThat(Timeouts.DEFAULTS.handshake()).isEqualTo(Duration.ofSeconds(10));
		assertThatThrownBy(() -> Timeouts.DEFAULTS.withHandshake(Duration.ZERO))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("timeouts.handshake");
		assertThat(Timeouts.DEFAULTS.withHandshake(Duration.ofMillis(200)).sweepInterval())
			.isEqualTo(Duration.ofMillis(20));
	}

	/** A connection that sent the first half of a real ClientHello, then nothing. */
	private static Socket halfAClientHello(int port) throws IOException {
		SSLEngine client = TestCa.get().clientContext().createSSLEngine("localhost", port);
		client.setUseClientMode(true);
		ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
		client.wrap(ByteBuffer.allocate(0), out);
		byte[] hello = Arrays.copyOf(out.array(), out.position());
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.getOutputStream().write(hello, 0, hello.length / 2);
		return socket;
	}

	/** Whether the server closed the connection (EOF or reset) within {@code limit}. */
	private static boolean closedWithin(Socket socket, Duration limit) throws IOException {
		socket.setSoTimeout((int) limit.toMillis());
		InputStream in = socket.getInputStream();
		try {
			while (in.read() >= 0) {
				// an alert, perhaps
			}
			return true;
		}
		catch (SocketTimeoutException stillOpen) {
			return false;
		}
		catch (IOException reset) {
			return true;
		}
	}

}
