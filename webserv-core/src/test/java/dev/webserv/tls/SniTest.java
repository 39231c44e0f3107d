package dev.webserv.tls;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Two virtual servers on one TLS port, each with its certificate: SNI picks the
 * certificate, a Host that names the other server gets 421, no SNI gets the default's.
 */
class SniTest {

	private static Webserv server;

	private static int port;

	@BeforeAll
	static void start() throws Exception {
		for (int attempt = 1;; attempt++) {
			try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = probe.getLocalPort();
			}
			try {
				server = startOn(port);
				return;
			}
			catch (UncheckedIOException taken) {
				if (attempt == 5) {
					throw taken; // another process took the port each time
				}
			}
		}
	}

	/** Both servers on one fixed port (servers asking for port 0 each get their own). */
	private static Webserv startOn(int port) {
		return TlsServers.start(ServerConfig.builder()
			.ioThreads(1)
			.server(VirtualServer.builder()
				.listen("127.0.0.1:" + port + " ssl")
				.tls(TlsServers.localhost())
				.serverNames("localhost")
				.route("GET", "/", Handler.nonBlocking(r -> Response.ok("localhost server")))
				.build())
			.server(VirtualServer.builder()
				.listen("127.0.0.1:" + port + " ssl")
				.tls(Tls.of(TestCa.get().serverContext("other")).withHsts(Duration.ofDays(1)))
				.serverNames("other.test", "*.other.test")
				.route("GET", "/", Handler.nonBlocking(r -> Response.ok("other server")))
				.build())
			.build());
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void sniPicksEachServersCertificateAndServer() throws Exception {
		try (SSLSocket socket = TlsSockets.open(port, "other.test", TestCa.get().clientContext())) {
			assertThat(TlsSockets.serverSubject(socket)).isEqualTo("CN=other.test");
			assertThat(TlsSockets.get(socket, "other.test", "/")).startsWith("HTTP/1.1 200").endsWith("other server");
		}
		try (SSLSocket socket = TlsSockets.open(port, "www.other.test", TestCa.get().clientContext())) {
			assertThat(TlsSockets.serverSubject(socket)).isEqualTo("CN=other.test");
		}
		try (SSLSocket socket = TlsSockets.open(port, "localhost", TestCa.get().clientContext())) {
			assertThat(TlsSockets.serverSubject(socket)).isEqualTo("CN=localhost");
			assertThat(TlsSockets.get(socket, "localhost", "/")).endsWith("localhost server");
		}
	}

	@Test
	void noSniGetsTheDefaultServersCertificate() throws Exception {
		try (SSLSocket socket = TlsSockets.open(port, null, TestCa.get().clientContext())) {
			assertThat(TlsSockets.serverSubject(socket)).isEqualTo("CN=localhost");
			assertThat(TlsSockets.get(socket, "other.test", "/")).endsWith("other server");
		}
	}

	@Test
	void aHostThatNamesAnotherServerThanSniIsMisdirected() throws Exception {
		try (SSLSocket socket = TlsSockets.open(port, "localhost", TestCa.get().clientContext())) {
			assertThat(TlsSockets.get(socket, "other.test", "/")).startsWith("HTTP/1.1 421 Misdirected Request")
				.as("the Host's server's HSTS, on an error answer too")
				.contains("\r\nStrict-Transport-Security: max-age=86400\r\n");
		}
		try (SSLSocket socket = TlsSockets.open(port, "other.test", TestCa.get().clientContext())) {
			// another name of the same server is fine
			assertThat(TlsSockets.get(socket, "a.other.test", "/")).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void anSslAddressWhoseDefaultServerHasNoCertificateFailsConstruction() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Webserv(ServerConfig.builder()
				.server(VirtualServer.builder()
					.listen("127.0.0.1:0 ssl")
					.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x")))
					.build())
				.build()))
			.withMessageContaining("has no certificate");
	}

}
