package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.HeldHandler;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

class LifecycleTest {

	@Test
	void reportsTheEphemeralPortItBound() throws Exception {
		try (Webserv server = TestServers.start(s -> s.route("GET", "/", r -> Response.ok("root")))) {
			assertThat(server.port()).isPositive();
			assertThat(server.state()).isEqualTo(Webserv.State.RUNNING);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(TestServers.uri(server, "/")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).isEqualTo("root");
		}
	}

	@Test
	void namesTheAddressThatIsInUseAndLeavesNothingOpen() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			Webserv server = new Webserv(ServerConfig.builder()
				.server(VirtualServer.builder().listen("127.0.0.1:0", "127.0.0.1:" + port).build())
				.build());
			assertThatThrownBy(server::start).isInstanceOf(BindFailedException.class)
				.hasMessage("127.0.0.1:" + port + " is already in use");
			assertThat(server.boundAddresses()).isEmpty();
			assertThat(server.state()).isEqualTo(Webserv.State.NEW);
		}
	}

	@Test
	void servesOneAddressPerListenerIncludingIpv6() throws Exception {
		boolean ipv6 = hasIpv6Loopback();
		VirtualServer.Builder virtualServer = VirtualServer.builder().listen("127.0.0.1:0");
		if (ipv6) {
			virtualServer.listen("[::1]:0");
		}
		virtualServer.route("GET", "/", r -> Response.ok(r.localAddress().getAddress().getHostAddress()));
		try (Webserv server = new Webserv(ServerConfig.builder().server(virtualServer.build()).build())) {
			server.start();
			assertThat(server.boundAddresses()).hasSize(ipv6 ? 2 : 1);
			if (ipv6) {
				int port = server.boundAddresses().get(1).getPort();
				try (Socket socket = new Socket("::1", port)) {
					socket.getOutputStream()
						.write("GET / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n".getBytes());
					String response = new String(socket.getInputStream().readAllBytes());
					assertThat(response).startsWith("HTTP/1.1 200").endsWith("0:0:0:0:0:0:0:1");
				}
			}
		}
	}

	private static boolean hasIpv6Loopback() {
		try (ServerSocket probe = new ServerSocket(0, 1, Inet6Address.getByName("::1"))) {
			return true;
		}
		catch (Exception e) {
			return false;
		}
	}

	@Test
	void givesEachServerAskingForPortZeroItsOwnPort() throws Exception {
		try (Webserv server = new Webserv(ServerConfig.builder()
			.server(VirtualServer.builder().listen("127.0.0.1:0").route("GET", "/", r -> Response.ok("a")).build())
			.server(VirtualServer.builder().listen("127.0.0.1:0").route("GET", "/", r -> Response.ok("b")).build())
			.build())) {
			server.start();
			int first = server.ports("0").get(0);
			int second = server.ports("1").get(0);
			assertThat(first).isNotEqualTo(second);
			HttpClient client = HttpClient.newHttpClient();
			assertThat(client
				.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + second + "/")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body()).isEqualTo("b");
		}
	}

	@Test
	void looksUpPortsByServerName() throws Exception {
		try (Webserv server = new Webserv(ServerConfig.builder()
			.server(VirtualServer.builder()
				.name("api")
				.listen("127.0.0.1:0")
				.route("GET", "/", r -> Response.ok("api"))
				.build())
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0")
				.route("GET", "/", r -> Response.ok("unnamed"))
				.build())
			.build())) {
			server.start();
			HttpClient client = HttpClient.newHttpClient();
			for (String[] expected : new String[][] { { "api", "api" }, { "1", "unnamed" } }) {
				int port = server.ports(expected[0]).get(0);
				assertThat(client
					.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
							HttpResponse.BodyHandlers.ofString())
					.body()).isEqualTo(expected[1]);
			}
			assertThatThrownBy(() -> server.ports("nobody")).hasMessageContaining("no server is named 'nobody'");
		}
	}

	@Test
	void refusesTwoServersOfOneName() {
		assertThatThrownBy(() -> ServerConfig.builder()
			.server(VirtualServer.builder().name("site").listen("127.0.0.1:0").build())
			.server(VirtualServer.builder().name("site").listen("127.0.0.1:0").build())
			.build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two servers are named 'site'");
	}

	@Test
	void stopsIdempotently() throws Exception {
		Webserv server = TestServers.start(s -> s.route("GET", "/", r -> Response.ok("x")));
		int port = server.port();
		server.stop();
		server.stop();
		assertThat(server.state()).isEqualTo(Webserv.State.STOPPED);
		assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.net.ConnectException.class);
	}

	@Test
	void finishesTheRequestInFlightWhenStoppingGracefully() throws Exception {
		HeldHandler slow = new HeldHandler("done");
		Webserv server = TestServers
			.start(s -> s.route("GET", "/slow", slow).route("GET", "/fast", r -> Response.ok("fast")));
		try (RawClient busy = new RawClient(server.port()); RawClient idle = new RawClient(server.port())) {
			idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(idle.read().status()).isEqualTo(200);
			busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(slow.awaitEntered()).isTrue();

			int port = server.port();
			CompletableFuture<Boolean> drained = server.shutdownGracefully();
			assertThat(idle.closedByServer()).isTrue();
			awaitConnectRefused(port);
			assertThat(drained).isNotDone();

			slow.release();
			RawClient.RawResponse response = busy.read();
			assertThat(response.bodyText()).isEqualTo("done");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			server.stop();
		}
	}

	@Test
	void reportsATimedOutGracefulStop() throws Exception {
		HeldHandler slow = new HeldHandler("done");
		Webserv server = TestServers.start(s -> s.route("GET", "/slow", slow), config -> config
			.timeouts(dev.webserv.config.Timeouts.DEFAULTS.withShutdown(java.time.Duration.ofMillis(300))));
		try (RawClient busy = new RawClient(server.port())) {
			busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(slow.awaitEntered()).isTrue();
			assertThat(server.shutdownGracefully().get(5, TimeUnit.SECONDS)).isFalse();
			server.stop();
			assertThat(busy.closedByServer()).isTrue();
		}
		finally {
			slow.release();
			server.stop();
		}
	}

	/**
	 * The listener is closed by its event loop, and a listening socket registered with a
	 * selector is only released at that selector's next select: poll (a connection made
	 * meanwhile is reset when it is).
	 */
	private static void awaitConnectRefused(int port) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (true) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				assertThat(System.nanoTime() - deadline).as("connections refused within 5 s").isNegative();
				Thread.sleep(10);
			}
			catch (java.io.IOException refused) {
				assertThat(refused).isInstanceOf(java.net.ConnectException.class);
				return;
			}
		}
	}

}
