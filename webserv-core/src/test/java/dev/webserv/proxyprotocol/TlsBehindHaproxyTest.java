package dev.webserv.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.Haproxy;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestCa;

/**
 * A real HAProxy re-encrypting to webserv ({@code server ... ssl verify none
 * send-proxy-v2}) on a {@code ssl proxy_protocol} address: the PROXY header comes in
 * clear before HAProxy's ClientHello, and the handler sees the client that connected to
 * HAProxy, over TLS.
 */
class TlsBehindHaproxyTest {

	@TempDir
	Path directory;

	@Test
	void theHandlerSeesTheClientThatConnectedToHaproxy() throws Exception {
		try (Webserv server = new Webserv(ServerConfig.builder()
			.ioThreads(1)
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0 ssl proxy_protocol")
				.tls(Tls.of(TestCa.get().serverContext("localhost")))
				.route("GET", "/who",
						Handler.nonBlocking(request -> Response.ok(text(request.remoteAddress()) + " "
								+ request.scheme() + " " + request.tls().protocol())))
				.build())
			.build())) {
			server.start();
			int front = Haproxy.freePort();
			try (Haproxy haproxy = Haproxy.start(directory, """
					global
					    maxconn 64
					defaults
					    mode http
					    timeout connect 1s
					    timeout client 10s
					    timeout server 10s
					frontend www
					    bind 127.0.0.1:%d
					    default_backend webserv
					backend webserv
					    server s1 127.0.0.1:%d ssl verify none send-proxy-v2
					""".formatted(front, server.port()))) {
				for (int i = 0; i < 3; i++) {
					try (RawClient client = connect(front, haproxy)) {
						client.send("GET /who HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
						RawClient.RawResponse response = client.read();
						assertThat(response.status()).as("haproxy said:\n%s", haproxy.output()).isEqualTo(200);
						assertThat(response.bodyText()).as("the client's own address, from the PROXY header")
							.matches("127\\.0\\.0\\.1:" + client.socket().getLocalPort() + " https TLSv1\\.[23]");
					}
				}
			}
		}
	}

	/** A client of HAProxy, once it listens. */
	private static RawClient connect(int port, Haproxy haproxy) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			assertThat(haproxy.isAlive()).as("haproxy running:\n%s", haproxy.output()).isTrue();
			try {
				return new RawClient(port, 5000);
			}
			catch (IOException notYet) {
				if (System.nanoTime() > deadline) {
					throw notYet;
				}
				Thread.sleep(20);
			}
		}
	}

	private static String text(InetSocketAddress address) {
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

}
