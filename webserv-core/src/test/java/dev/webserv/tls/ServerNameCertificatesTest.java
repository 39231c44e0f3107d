package dev.webserv.tls;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.InvalidSettingException;
import dev.webserv.config.Tls;
import dev.webserv.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several certificates on one virtual server, picked by the SNI name
 * ({@link Tls#withServerName}, Spring Boot's server.ssl.server-name-bundles): the named
 * certificate for its name and its wildcard, the server's own for any other name or none,
 * and the same server answering all of them (no 421).
 */
class ServerNameCertificatesTest {

	private static Webserv server;

	@BeforeAll
	static void start() {
		Tls other = Tls.of(TestCa.get().serverContext("other"));
		server = TlsServers.start(builder -> builder
			.tls(TlsServers.localhost().withServerName("Other.Test", other).withServerName("*.other.test", other))
			.route("GET", "/", Handler.nonBlocking(request -> Response.ok("one server"))));
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void theSniNameAndItsWildcardGetTheirCertificateOnTheSameServer() throws Exception {
		for (String name : new String[] { "other.test", "OTHER.test", "www.other.test" }) {
			try (SSLSocket socket = TlsSockets.open(server.port(), name, TestCa.get().clientContext())) {
				assertThat(TlsSockets.serverSubject(socket)).as(name).isEqualTo("CN=other.test");
				assertThat(TlsSockets.get(socket, name, "/")).startsWith("HTTP/1.1 200").endsWith("one server");
			}
		}
	}

	@Test
	void anyOtherNameOrNoSniGetsTheServersOwnCertificate() throws Exception {
		for (String name : new String[] { "localhost", "a.b.other.test", "other.test.example", null }) {
			try (SSLSocket socket = TlsSockets.open(server.port(), name, TestCa.get().clientContext())) {
				assertThat(TlsSockets.serverSubject(socket)).as(String.valueOf(name)).isEqualTo("CN=localhost");
			}
		}
	}

	@Test
	void aNamedCertificateWithNamesOfItsOwnIsRefused() {
		Tls nested = TlsServers.localhost().withServerName("a.test", TlsServers.localhost());
		assertThatThrownBy(() -> TlsServers.localhost().withServerName("b.test", nested))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("b.test");
	}

}
