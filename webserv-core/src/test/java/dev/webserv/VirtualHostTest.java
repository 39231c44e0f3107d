package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.RawClient;

/** Virtual servers on one address are chosen by Host as nginx chooses them. */
class VirtualHostTest {

	private static Webserv server;

	@BeforeAll
	static void start() throws Exception {
		for (int attempt = 1;; attempt++) {
			try {
				server = startOn(freePort());
				return;
			}
			catch (BindFailedException taken) {
				if (attempt == 5) {
					throw taken; // another process took the port each time
				}
			}
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

	/**
	 * Five servers sharing one address (a fixed port: servers asking for port 0 each get
	 * their own).
	 */
	private static Webserv startOn(int port) throws Exception {
		String listen = "127.0.0.1:" + port;
		Webserv webserv = new Webserv(ServerConfig.builder()
			.server(named(listen, "default", "default.test"))
			.server(named(listen, "exact", "www.example.test"))
			.server(named(listen, "suffix", "*.example.test"))
			.server(named(listen, "longer-suffix", "*.api.example.test"))
			.server(named(listen, "prefix", "mail.*"))
			.build());
		webserv.start();
		return webserv;
	}

	private static VirtualServer named(String listen, String body, String name) {
		return VirtualServer.builder()
			.listen(listen)
			.serverNames(name)
			.route("GET", "/", Handler.nonBlocking(r -> Response.ok(body)))
			.build();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@ParameterizedTest(name = "Host {0} -> {1}")
	@CsvSource({ "www.example.test, exact", "WWW.Example.Test:8080, exact", "a.example.test, suffix",
			"v1.api.example.test, longer-suffix", "mail.somewhere.test, prefix", "unknown.test, default",
			"example.test, default", "default.test, default" })
	void choosesTheServerByHost(String host, String expected) throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo(expected);
		}
	}

}
