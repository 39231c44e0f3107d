package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.Haproxy;
import dev.webserv.testing.RawClient;

/**
 * A real HAProxy (send-proxy-v2, health checks through the same listener) in front of two
 * servers on loopback: the client every handler sees is the one that connected to
 * HAProxy, and the checks (PROXY v2 LOCAL) keep both servers in the pool.
 */
class BehindHaproxyTest {

	private static final int INSTANCES = 2;

	@TempDir
	Path directory;

	private final List<Webserv> servers = new ArrayList<>();

	private final List<AtomicInteger> checks = new ArrayList<>();

	private Haproxy haproxy;

	private int frontPort;

	@BeforeEach
	void start() throws Exception {
		StringBuilder backends = new StringBuilder();
		for (int i = 0; i < INSTANCES; i++) {
			String instance = "app" + (i + 1);
			AtomicInteger checked = new AtomicInteger();
			checks.add(checked);
			Webserv server = new Webserv(ServerConfig.builder()
				.ioThreads(1)
				.server(VirtualServer.builder()
					.listen("127.0.0.1:0 proxy_protocol")
					.route("GET", "/ready", Handler.nonBlocking(request -> {
						checked.incrementAndGet();
						return Response.ok("UP");
					}))
					.route("GET", "/who",
							Handler.nonBlocking(request -> Response.ok(instance + " " + text(request.remoteAddress()))))
					.build())
				.build());
			server.start();
			servers.add(server);
			backends.append("    server ").append(instance).append(" 127.0.0.1:").append(server.port()).append('\n');
		}
		frontPort = Haproxy.freePort();
		haproxy = Haproxy.start(directory, """
				global
				    maxconn 256
				defaults
				    mode http
				    timeout connect 1s
				    timeout client 10s
				    timeout server 10s
				    retries 3
				    option redispatch 1
				    retry-on conn-failure empty-response
				frontend www
				    bind 127.0.0.1:%d
				    default_backend webserv
				backend webserv
				    balance roundrobin
				    option httpchk
				    http-check send meth GET uri /ready ver HTTP/1.1 hdr Host localhost
				    http-check expect status 200
				    default-server send-proxy-v2 check inter 100ms fall 1 rise 1
				%s""".formatted(frontPort, backends));
		awaitEveryInstance();
	}

	@AfterEach
	void stop() throws Exception {
		if (haproxy != null) {
			haproxy.close();
		}
		servers.forEach(Webserv::stop);
	}

	@Test
	void everyHandlerSeesTheClientThatConnectedToHaproxy() throws Exception {
		Set<String> instances = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			try (RawClient client = new RawClient(frontPort)) {
				client.send("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
				RawClient.RawResponse response = client.read();
				assertThat(response.status()).isEqualTo(200);
				String[] words = response.bodyText().split(" ");
				instances.add(words[0]);
				assertThat(words[1]).as("the client's own address and port, from the PROXY header")
					.isEqualTo("127.0.0.1:" + client.socket().getLocalPort());
			}
		}
		assertThat(instances).containsExactlyInAnyOrder("app1", "app2");
	}

	@Test
	void healthChecksPassThroughTheProxyProtocolListener() throws Exception {
		int before = checks.get(0).get() + checks.get(1).get();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (checks.get(0).get() + checks.get(1).get() < before + 10 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(checks.get(0)).as("checks of app1").hasValueGreaterThan(0);
		assertThat(checks.get(1)).as("checks of app2").hasValueGreaterThan(0);
		assertThat(checks.get(0).get() + checks.get(1).get()).isGreaterThanOrEqualTo(before + 10);
	}

	@Test
	void aStoppedInstanceCostsNoRequest() throws Exception {
		servers.get(0).stop();
		for (int i = 0; i < 20; i++) {
			try (RawClient client = new RawClient(frontPort)) {
				client.send("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
				RawClient.RawResponse response = client.read();
				assertThat(response.status()).as("request %d", i).isEqualTo(200);
				assertThat(response.bodyText()).startsWith("app2 ");
			}
		}
	}

	/** Waits until HAProxy has both servers up and each has answered a request. */
	private void awaitEveryInstance() throws Exception {
		Set<String> seen = new HashSet<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (seen.size() < INSTANCES && System.nanoTime() < deadline) {
			assertThat(haproxy.isAlive()).as("haproxy running:\n%s", haproxy.output()).isTrue();
			try (RawClient client = new RawClient(frontPort, 2000)) {
				client.send("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
				RawClient.RawResponse response = client.read();
				if (response.status() == 200) {
					seen.add(response.bodyText().split(" ")[0]);
				}
			}
			catch (IOException notYet) {
				// HAProxy not listening yet
			}
			if (seen.size() < INSTANCES) {
				Thread.sleep(50);
			}
		}
		assertThat(seen).as("instances answering through haproxy:\n%s", haproxy.output()).hasSize(INSTANCES);
	}

	private static String text(InetSocketAddress address) {
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

}
