package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/** nginx's allow/deny and set_real_ip_from, over real sockets. */
class AccessSocketTest {

	private static final Handler OK = Handler.nonBlocking(request -> Response.ok("ok " + request.path()));

	@Test
	void deniesTheClientWith403AndCountsIt() {
		try (Sites site = Sites.start(server -> server
			.location(Location.builder("/admin").access("deny 127.0.0.1", "allow all").handler(OK).build())
			.location(Location.builder("/").handler(OK).build()))) {

			HttpResponse<String> denied = site.get("/admin/users");
			assertThat(denied.statusCode()).isEqualTo(403);
			assertThat(denied.body()).contains("403 Forbidden");
			assertThat(site.get("/home").statusCode()).isEqualTo(200);
			assertThat(site.refusals).containsExactly("access /admin/**");
		}
	}

	@Test
	void theFirstMatchingRuleWinsAndNoMatchAllows() {
		try (Sites site = Sites.start(server -> server
			.location(Location.builder("/a").access("allow 127.0.0.0/8", "deny all").handler(OK).build())
			.location(Location.builder("/b").access("deny 10.0.0.0/8").handler(OK).build())
			.location(Location.builder("/c").access("deny 127.0.0.0/30", "allow 127.0.0.1").handler(OK).build()))) {

			assertThat(site.get("/a").statusCode()).isEqualTo(200);
			assertThat(site.get("/b").statusCode()).isEqualTo(200);
			assertThat(site.get("/c").statusCode()).isEqualTo(403);
		}
	}

	@Test
	void locationsWithoutRulesInheritTheServersAndRulesOfTheirOwnReplaceThem() {
		try (Sites site = Sites.start(server -> server.access("deny all")
			.location(Location.builder("/open").access("allow 127.0.0.1").handler(OK).build())
			.location(Location.builder("/").handler(OK).build()))) {

			assertThat(site.get("/open").statusCode()).isEqualTo(200);
			assertThat(site.get("/closed").statusCode()).isEqualTo(403);
		}
	}

	@Test
	void matchesIpv6Clients() throws Exception {
		assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback here");
		Webserv server = new Webserv(ServerConfig.builder()
			.ioThreads(1)
			.server(VirtualServer.builder()
				.listen("[::1]:0")
				.location(Location.builder("/six").access("allow ::1", "deny all").handler(OK).build())
				.location(Location.builder("/").access("deny ::/0").handler(OK).build())
				.build())
			.build());
		server.start();
		try {
			assertThat(rawStatus(server.port(), "/six")).isEqualTo(200);
			assertThat(rawStatus(server.port(), "/")).isEqualTo(403);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void aReturnRedirectRunsBeforeTheAccessRules() {
		try (Sites site = Sites.start(
				server -> server.location(Location.builder("/old").access("deny all").redirect(301, "/new").build()))) {

			HttpResponse<String> moved = site.get("/old");
			assertThat(moved.statusCode()).isEqualTo(301);
			assertThat(moved.headers().firstValue("Location")).hasValue("/new");
		}
	}

	@Test
	void aTrustedProxysForwardedForDecides() {
		try (Sites site = Sites.start(
				server -> server.location(Location.builder("/").access("deny 203.0.113.0/24").handler(OK).build()),
				config -> config.trustedProxies("127.0.0.1"))) {

			assertThat(site.get("/", "X-Forwarded-For", "203.0.113.5").statusCode()).isEqualTo(403);
			assertThat(site.get("/", "X-Forwarded-For", "203.0.113.5, 198.51.100.1").statusCode()).isEqualTo(200);
			assertThat(site.get("/", "Forwarded", "for=203.0.113.77").statusCode()).isEqualTo(403);
			assertThat(site.get("/").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void anUntrustedPeerCannotSpoofItsAddress() {
		try (Sites site = Sites.start(
				server -> server
					.location(Location.builder("/").access("allow 10.0.0.0/8", "deny all").handler(OK).build()),
				config -> config.trustedProxies("10.0.0.0/8"))) {

			assertThat(site.get("/", "X-Forwarded-For", "10.0.0.1").statusCode()).isEqualTo(403);
			assertThat(site.get("/", "Forwarded", "for=10.0.0.1").statusCode()).isEqualTo(403);
		}
	}

	@Test
	void aRuleThatDoesNotParseFailsStartUpNamingIt() {
		assertThatThrownBy(() -> new Webserv(ServerConfig.builder()
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0")
				.location(Location.builder("/admin").access("allow 10.0.0.0/33").handler(OK).build())
				.build())
			.build())).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("location /admin: access")
			.hasMessageContaining("10.0.0.0/33");
		assertThatThrownBy(() -> new Webserv(ServerConfig.builder()
			.trustedProxies("10.0.0.0/8", "lb.internal")
			.server(VirtualServer.builder().listen("127.0.0.1:0").build())
			.build())).hasMessageContaining("trusted-proxies").hasMessageContaining("lb.internal");
	}

	private static boolean ipv6LoopbackWorks() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	private static int rawStatus(int port, String path) throws IOException {
		try (java.net.Socket socket = new java.net.Socket(InetAddress.getByName("::1"), port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes());
			String text = new String(socket.getInputStream().readAllBytes());
			return Integer.parseInt(text.substring(9, 12));
		}
	}

}
