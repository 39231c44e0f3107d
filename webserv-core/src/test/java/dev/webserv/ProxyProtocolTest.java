package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;

/**
 * A listener with proxy-protocol over real sockets: the header's source becomes the
 * client, and anything but a complete, valid header in time closes the connection
 * unanswered.
 */
class ProxyProtocolTest {

	private static final Duration PROXY_HEADER_TIMEOUT = Duration.ofMillis(400);

	private static final String WHO = "GET /who HTTP/1.1\r\nHost: x\r\n\r\n";

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	private int proxyPort;

	private int plainPort;

	@BeforeEach
	void start() throws Exception {
		Handler who = Handler.nonBlocking(request -> Response
			.ok("client=" + text(request.remoteAddress()) + " server=" + text(request.localAddress())));
		server = new Webserv(ServerConfig.builder()
			.ioThreads(1)
			.timeouts(Timeouts.DEFAULTS.withProxyHeader(PROXY_HEADER_TIMEOUT).withIdle(Duration.ofSeconds(30)))
			.events(events)
			.server(VirtualServer.builder()
				.name("behind")
				.listen("127.0.0.1:0 proxy_protocol")
				.route("GET", "/who", who)
				.build())
			.server(VirtualServer.builder().name("direct").listen("127.0.0.1:0").route("GET", "/who", who).build())
			.build());
		server.start();
		proxyPort = server.ports("behind").get(0);
		plainPort = server.ports("direct").get(0);
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void takesTheClientFromAVersion1Header() throws Exception {
		try (RawClient raw = new RawClient(proxyPort)) {
			raw.send("PROXY TCP4 203.0.113.9 198.51.100.1 51234 443\r\n" + WHO);
			assertThat(raw.read().bodyText()).isEqualTo("client=203.0.113.9:51234 server=198.51.100.1:443");
			raw.send(WHO);
			assertThat(raw.read().bodyText()).as("the whole connection is that client's")
				.isEqualTo("client=203.0.113.9:51234 server=198.51.100.1:443");
		}
	}

	@Test
	void takesTheClientFromAVersion2HeaderSentOneByteAtATime() throws Exception {
		byte[] header = v2(0x21, 0x21, "20010db8000000000000000000000007 20010db8000000000000000000000001 c350 01bb");
		try (RawClient raw = new RawClient(proxyPort)) {
			for (byte b : header) {
				raw.send(new byte[] { b });
			}
			raw.send(WHO + WHO);
			assertThat(raw.read().bodyText())
				.isEqualTo("client=[2001:db8:0:0:0:0:0:7]:50000 server=[2001:db8:0:0:0:0:0:1]:443");
			assertThat(raw.read().bodyText())
				.isEqualTo("client=[2001:db8:0:0:0:0:0:7]:50000 server=[2001:db8:0:0:0:0:0:1]:443");
		}
	}

	@Test
	void keepsTheSocketsOwnAddressesForALocalHealthCheck() throws Exception {
		try (RawClient raw = new RawClient(proxyPort)) {
			raw.send(concat(v2(0x20, 0x00, ""), WHO.getBytes(StandardCharsets.US_ASCII)));
			int ownPort = raw.socket().getLocalPort();
			assertThat(raw.read().bodyText())
				.isEqualTo("client=127.0.0.1:" + ownPort + " server=127.0.0.1:" + proxyPort);
		}
	}

	@Test
	void closesAPlainHttpRequestUnansweredAndNeverHandlesIt() throws Exception {
		try (RawClient raw = new RawClient(proxyPort)) {
			raw.send(WHO);
			assertThat(raw.readToEnd()).isEmpty();
		}
		assertThat(events.started).hasValue(0);
		assertThat(events.parseErrors).isEmpty();
	}

	@Test
	void closesAMalformedHeaderUnanswered() throws Exception {
		String[] malformed = { "PROXY TCP4 203.0.113.9 198.51.100.1 051234 443\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n",
				"PROXY TCP6 1.2.3.4 ::1 1 2\r\n", "PROXY " + "9".repeat(200) };
		for (String header : malformed) {
			try (RawClient raw = new RawClient(proxyPort)) {
				raw.send(header + WHO);
				assertThat(raw.readToEnd()).as(header).isEmpty();
			}
		}
		byte[] overrun = v2(0x21, 0x11, "7f000001 7f000001 1234 0050 040010 6162");
		try (RawClient raw = new RawClient(proxyPort)) {
			raw.send(concat(overrun, WHO.getBytes(StandardCharsets.US_ASCII)));
			assertThat(raw.readToEnd()).isEmpty();
		}
		assertThat(events.started).hasValue(0);
	}

	@Test
	void closesAConnectionWhoseHeaderDoesNotArriveInTime() throws Exception {
		for (String sent : new String[] { "", "PROXY TCP4 203.0.113.9 " }) {
			long start = System.nanoTime();
			try (RawClient raw = new RawClient(proxyPort, 5000)) {
				raw.send(sent);
				assertThat(raw.readToEnd()).isEmpty();
			}
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(elapsed).as("closed by the PROXY header timeout, not the idle one")
				.isBetween(PROXY_HEADER_TIMEOUT.toMillis() - 50, 3000L);
		}
		assertThat(events.timeouts).containsExactly(TimeoutPhase.HEADER, TimeoutPhase.HEADER);
	}

	@Test
	void aGracefulStopWaitsForAHeaderAlreadyOnItsWay() throws Exception {
		try (RawClient raw = new RawClient(proxyPort)) {
			raw.send("PROXY TCP4 203.0.");
			awaitAccepted();
			CompletableFuture<Boolean> drained = server.shutdownGracefully();
			raw.send("113.9 198.51.");
			Thread.sleep(50); // a read of its own: the header is still incomplete while
								// draining
			raw.send("100.1 51234 443\r\n" + WHO);
			RawClient.RawResponse response = raw.read();
			assertThat(response.bodyText()).isEqualTo("client=203.0.113.9:51234 server=198.51.100.1:443");
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void leavesOtherListenersPlain() throws Exception {
		try (RawClient raw = new RawClient(plainPort)) {
			raw.send(WHO);
			assertThat(raw.read().bodyText()).startsWith("client=127.0.0.1:" + raw.socket().getLocalPort());
		}
	}

	@Test
	void leavesNoConnectionBehind() throws Exception {
		try (RawClient good = new RawClient(proxyPort);
				RawClient bad = new RawClient(proxyPort);
				RawClient silent = new RawClient(proxyPort)) {
			good.send("PROXY UNKNOWN\r\n" + WHO);
			assertThat(good.read().status()).isEqualTo(200);
			bad.send("\r\n\r\n\r\n");
			assertThat(bad.readToEnd()).isEmpty();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (server.statistics().connections() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.statistics().connections()).isZero();
		assertThat(events.opened.get()).isEqualTo(events.closed.get());
	}

	@Test
	void refusesServersThatDisagreeOnAnAddress() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Webserv(ServerConfig.builder()
				.server(VirtualServer.builder().listen("127.0.0.1:8080 proxy_protocol").serverNames("a.test").build())
				.server(VirtualServer.builder().name("other").listen("127.0.0.1:8080").serverNames("b.test").build())
				.build()))
			.withMessageContaining("127.0.0.1:8080")
			.withMessageContaining("proxy-protocol");
	}

	/**
	 * Polls until the server holds the connection (a drain reads what it has sent so
	 * far).
	 */
	private void awaitAccepted() throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (server.statistics().connections() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(server.statistics().connections()).isEqualTo(1);
	}

	private static String text(InetSocketAddress address) {
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	private static byte[] v2(int versionCommand, int family, String blockHex) {
		byte[] block = HexFormat.of().parseHex(blockHex.replace(" ", ""));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a"));
		out.write(versionCommand);
		out.write(family);
		out.write(block.length >> 8);
		out.write(block.length);
		out.writeBytes(block);
		return out.toByteArray();
	}

	private static byte[] concat(byte[] a, byte[] b) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(a);
		out.writeBytes(b);
		return out.toByteArray();
	}

}
