package dev.webserv.proxyprotocol;

import static dev.webserv.proxyprotocol.ProxyWire.PROXY;
import static dev.webserv.proxyprotocol.ProxyWire.ascii;
import static dev.webserv.proxyprotocol.ProxyWire.concat;
import static dev.webserv.proxyprotocol.ProxyWire.hex;
import static dev.webserv.proxyprotocol.ProxyWire.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.events.TlsFailure;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestCa;

/**
 * TLS on a PROXY listener ({@code listen 443 ssl proxy_protocol}), over real sockets: the
 * proxy writes the header in clear before the ClientHello (HAProxy's
 * {@code ssl send-proxy}); the handshake follows on the same socket, and every request of
 * the connection sees the header's addresses. Until the header is complete nothing is
 * answered: no TLS alert, no HTTP refusal; a malformed one closes, a late one closes at
 * the PROXY header deadline.
 */
class ProxyProtocolTlsTest {

	private static final Duration PROXY_HEADER_TIMEOUT = Duration.ofMillis(400);

	private static final String V1 = "PROXY TCP4 203.0.113.9 198.51.100.1 51234 443\r\n";

	private static final String SEEN = "client=203.0.113.9:51234 server=198.51.100.1:443 tls=";

	private final Events events = new Events();

	private Webserv server;

	private int port;

	@BeforeEach
	void start() throws Exception {
		start(Timeouts.DEFAULTS.withProxyHeader(PROXY_HEADER_TIMEOUT).withIdle(Duration.ofSeconds(30)));
	}

	private void start(Timeouts timeouts) throws IOException {
		if (server != null) {
			server.stop();
		}
		server = new Webserv(ServerConfig.builder()
			.ioThreads(1)
			.timeouts(timeouts)
			.events(events)
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0 ssl proxy_protocol")
				.tls(Tls.of(TestCa.get().serverContext("localhost")))
				.route("GET", "/who",
						Handler.nonBlocking(request -> Response.ok("client=" + text(request.remoteAddress())
								+ " server=" + text(request.localAddress()) + " tls=" + request.tls().protocol())))
				.build())
			.build());
		server.start();
		port = server.port();
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void takesTheClientFromAVersion1HeaderBeforeTheHandshake() throws Exception {
		try (Socket raw = connect()) {
			raw.getOutputStream().write(ascii(V1));
			try (SSLSocket tls = overTls(raw)) {
				assertThat(get(tls, "keep-alive")).isEqualTo(SEEN + tls.getSession().getProtocol());
				assertThat(get(tls, "close")).as("the whole connection is that client's")
					.isEqualTo(SEEN + tls.getSession().getProtocol());
			}
		}
		assertThat(events.handshakes).hasValue(1);
	}

	@Test
	void takesTheClientFromAVersion2Header() throws Exception {
		try (Socket raw = connect()) {
			raw.getOutputStream().write(v2(PROXY, 0x11, hex("cb007109 c6336401 c822 01bb")));
			try (SSLSocket tls = overTls(raw)) {
				assertThat(get(tls, "close")).isEqualTo(SEEN + tls.getSession().getProtocol());
			}
		}
	}

	@Test
	void takesAHeaderSentOneByteAtATime() throws Exception {
		try (Socket raw = connect()) {
			for (byte b : ascii(V1)) {
				raw.getOutputStream().write(b);
				raw.getOutputStream().flush();
				Thread.sleep(2); // each byte a read of its own
			}
			try (SSLSocket tls = overTls(raw)) {
				assertThat(get(tls, "close")).isEqualTo(SEEN + tls.getSession().getProtocol());
			}
		}
	}

	@Test
	void handsTheClientHelloThatCameWithTheHeaderToTheHandshake() throws Exception {
		try (Socket raw = connect()) {
			raw.getOutputStream().write(concat(ascii(V1), clientHello()));
			InputStream in = raw.getInputStream();
			assertThat(in.read()).as("a TLS handshake record: the ServerHello").isEqualTo(0x16);
		}
	}

	@Test
	void closesAMalformedHeaderWithoutAByte() throws Exception {
		byte[][] malformed = { ascii("GET /who HTTP/1.1\r\nHost: x\r\n\r\n"), clientHello(),
				ascii("PROXY TCP4 203.0.113.9 198.51.100.1 051234 443\r\n") };
		for (byte[] sent : malformed) {
			try (Socket raw = connect()) {
				raw.getOutputStream().write(sent);
				assertThat(raw.getInputStream().readAllBytes()).as("no TLS alert, no 400").isEmpty();
			}
		}
		assertThat(events.handshakes).hasValue(0);
		Await.until(Duration.ofSeconds(5), "the connections closed", () -> events.closed.get() == malformed.length);
		assertThat(events.failures).as("no handshake began").isEmpty();
	}

	@Test
	void closesAConnectionWhoseHeaderDoesNotArriveInTime() throws Exception {
		for (String sent : new String[] { "", "PROXY TCP4 203.0.113.9 " }) {
			long start = System.nanoTime();
			try (Socket raw = connect()) {
				raw.getOutputStream().write(ascii(sent));
				assertThat(raw.getInputStream().readAllBytes()).isEmpty();
			}
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(elapsed).as("closed by the PROXY header timeout")
				.isBetween(PROXY_HEADER_TIMEOUT.toMillis() - 50, 3000L);
		}
		assertThat(events.timeouts).containsExactly(TimeoutPhase.HEADER, TimeoutPhase.HEADER);
		Await.until(Duration.ofSeconds(5), "the connections closed", () -> events.closed.get() == 2);
		assertThat(events.failures).as("no handshake began").isEmpty();
	}

	@Test
	void theHandshakeDeadlineStartsWhenTheHeaderEnds() throws Exception {
		start(Timeouts.DEFAULTS.withProxyHeader(Duration.ofSeconds(2)).withHandshake(Duration.ofMillis(400)));
		try (Socket raw = connect()) {
			Thread.sleep(600); // a slow proxy: past the handshake deadline counted from
								// the opening
			long sent = System.nanoTime();
			byte[] hello = clientHello();
			raw.getOutputStream().write(concat(ascii(V1), Arrays.copyOf(hello, hello.length / 2)));
			assertThat(raw.getInputStream().readAllBytes()).isEmpty();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("the half ClientHello's time")
				.isBetween(350L, 3000L);
		}
		Await.until(Duration.ofSeconds(5), "the timeout counted", () -> events.failures.size() == 1);
		assertThat(events.timeouts).containsExactly(TimeoutPhase.HANDSHAKE);
		assertThat(events.failures).containsExactly(TlsFailure.TIMEOUT);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

	/** TLS layered on a socket that already carried the PROXY header. */
	private static SSLSocket overTls(Socket raw) throws IOException {
		SSLSocket tls = (SSLSocket) TestCa.get()
			.clientContext()
			.getSocketFactory()
			.createSocket(raw, "localhost", raw.getPort(), false);
		SSLParameters parameters = tls.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm(null);
		tls.setSSLParameters(parameters);
		tls.startHandshake();
		return tls;
	}

	/** One GET /who; its body. */
	private static String get(SSLSocket tls, String connection) throws IOException {
		RawClient client = new RawClient(tls);
		client.send("GET /who HTTP/1.1\r\nHost: localhost\r\nConnection: " + connection + "\r\n\r\n");
		return client.read().bodyText();
	}

	/** A real ClientHello's bytes (the test CA's client, "localhost"). */
	private byte[] clientHello() throws IOException {
		SSLEngine client = TestCa.get().clientContext().createSSLEngine("localhost", port);
		client.setUseClientMode(true);
		ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
		client.wrap(ByteBuffer.allocate(0), out);
		return Arrays.copyOf(out.array(), out.position());
	}

	private static String text(InetSocketAddress address) {
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

	/** Counts handshakes, TLS failures, timeouts and closes. */
	private static final class Events implements ServerEvents {

		final AtomicInteger handshakes = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		final List<TlsFailure> failures = new CopyOnWriteArrayList<>();

		final List<TimeoutPhase> timeouts = new CopyOnWriteArrayList<>();

		@Override
		public void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
			handshakes.incrementAndGet();
		}

		@Override
		public void tlsHandshakeFailed(String listener, TlsFailure reason) {
			failures.add(reason);
		}

		@Override
		public void timeout(String listener, TimeoutPhase phase) {
			timeouts.add(phase);
		}

		@Override
		public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
				int requests) {
			closed.incrementAndGet();
		}

	}

}
