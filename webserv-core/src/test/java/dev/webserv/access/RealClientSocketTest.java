package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;
import dev.webserv.testing.TestServers;

/**
 * Issue 15: behind a trusted proxy, the client address, scheme and host the proxy reports
 * are what handlers, CGI scripts and the access log see (nginx's realip); from anyone
 * else, the same headers change nothing. Over raw sockets from 127.0.0.1.
 */
class RealClientSocketTest {

	/** Answers what the handler sees: address, port, scheme, host, port asked for. */
	private static final Handler WHO = Handler.nonBlocking(request -> Response.ok(describe(request)));

	@TempDir
	Path dir;

	@Test
	void aTrustedProxysHeadersBecomeTheRequestsClientSchemeAndHost() throws IOException {
		try (Webserv server = start(site -> site.route("GET", "/who", WHO), "127.0.0.1/32")) {
			String seen = get(server, "/who", "X-Forwarded-For: 198.51.100.4, 203.0.113.9", "X-Forwarded-Proto: https",
					"X-Forwarded-Host: Shop.Example");

			assertThat(seen).isEqualTo("203.0.113.9 0 https shop.example 443");
			assertThat(get(server, "/who", "Forwarded: for=\"[2001:db8::7]:4711\";proto=https;host=\"a.example:8443\""))
				.isEqualTo("2001:db8:0:0:0:0:0:7 0 https a.example 8443");
			assertThat(get(server, "/who")).as("no header: the peer itself")
				.matches("127\\.0\\.0\\.1 [1-9]\\d* http site\\.test " + server.port());
		}
	}

	@Test
	void aForwardedPortWithSpaceAfterTheColonIsIgnoredNotThrown() throws IOException {
		try (Webserv server = start(site -> site.route("GET", "/who", WHO), "127.0.0.1/32")) {
			assertThat(get(server, "/who", "X-Forwarded-Host: shop.example: 8443"))
				.matches("127\\.0\\.0\\.1 [1-9]\\d* http site\\.test " + server.port());
			assertThat(get(server, "/who", "Forwarded: host=\"a.example: 8443\""))
				.matches("127\\.0\\.0\\.1 [1-9]\\d* http site\\.test " + server.port());
			assertThat(get(server, "/who", "X-Forwarded-Port: 8443")).as("the server serves on").endsWith(" 8443");
		}
	}

	@Test
	void anUntrustedPeerCannotSpoofAddressSchemeOrHost() throws IOException {
		try (Webserv server = start(site -> site.route("GET", "/who", WHO), "10.0.0.0/8")) {
			String seen = get(server, "/who", "X-Forwarded-For: 10.0.0.1", "X-Forwarded-Proto: https",
					"X-Forwarded-Host: evil.example", "X-Forwarded-Port: 443", "Forwarded: for=10.0.0.2;proto=https");

			assertThat(seen).matches("127\\.0\\.0\\.1 [1-9]\\d* http site\\.test " + server.port());
		}
	}

	@Test
	void withoutTrustedProxiesTheHeadersAreIgnored() throws IOException {
		try (Webserv server = start(site -> site.route("GET", "/who", WHO))) {
			assertThat(get(server, "/who", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https"))
				.startsWith("127.0.0.1 ")
				.contains(" http site.test ");
		}
	}

	@Test
	void cgiScriptsSeeTheRealClient() throws IOException {
		Path bin = Files.createDirectories(dir.resolve("cgi-bin"));
		Files.writeString(bin.resolve("who.sh"), "printf 'Content-Type: text/plain\\n\\n'\n"
				+ "echo \"$REMOTE_ADDR $REQUEST_SCHEME ${HTTPS:-off} $SERVER_NAME $SERVER_PORT\"\n");
		try (Webserv server = start(
				site -> site.root(dir).location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()),
				"127.0.0.1")) {
			assertThat(get(server, "/cgi-bin/who.sh", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https",
					"X-Forwarded-Host: shop.example"))
				.isEqualTo("203.0.113.9 https on shop.example 443\n");
			assertThat(get(server, "/cgi-bin/who.sh"))
				.isEqualTo("127.0.0.1 http off site.test " + server.port() + "\n");
		}
	}

	@Test
	void theAccessLogWritesTheRealClientAndKeepsThePeer() throws IOException {
		Path log = dir.resolve("access.log");
		AccessLog format = AccessLog.toFile(log).withFormat("$remote_addr $realip_remote_addr $scheme $status");
		try (Webserv server = start(site -> site.accessLog(format).route("GET", "/who", WHO), "127.0.0.1")) {
			get(server, "/who", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https");
			// refused before any handler ran (413): resolved all the same
			try (RawClient raw = new RawClient(server.port())) {
				raw.send("POST /who HTTP/1.1\r\nHost: site.test\r\nX-Forwarded-For: 203.0.113.10\r\n"
						+ "Content-Length: 99999999\r\n\r\n");
				assertThat(raw.read().status()).isEqualTo(413);
			}
			Await.until(Duration.ofSeconds(10), "two access-log lines", () -> lines(log), lines -> lines.size() == 2);
			assertThat(lines(log)).containsExactly("203.0.113.9 127.0.0.1 https 200",
					"203.0.113.10 127.0.0.1 http 413");
		}
	}

	@Test
	void handlerRoutesGoThroughTheServersAllowDenyAndAddHeader() throws IOException {
		try (Webserv server = start(site -> site.access("deny 203.0.113.0/24")
			.addHeader("X-Frame-Options", "DENY", false)
			.route("GET", "/who", WHO), "127.0.0.1")) {
			try (RawClient raw = new RawClient(server.port())) {
				RawResponse allowed = raw.send(request("/who")).read();
				assertThat(allowed.status()).isEqualTo(200);
				assertThat(allowed.header("X-Frame-Options")).isEqualTo("DENY");
				RawResponse denied = raw.send(request("/who", "X-Forwarded-For: 203.0.113.5")).read();
				assertThat(denied.status()).as("denied by its real address").isEqualTo(403);
				assertThat(denied.header("X-Frame-Options")).as("without 'always', not on a 403").isNull();
			}
		}
	}

	private static String describe(Request request) {
		return request.remoteAddress().getAddress().getHostAddress() + " " + request.remoteAddress().getPort() + " "
				+ request.scheme() + " " + request.host() + " " + request.serverPort();
	}

	private static Webserv start(Consumer<VirtualServer.Builder> site, String... trusted) {
		return TestServers.start(site, config -> trust(config, trusted));
	}

	private static void trust(ServerConfig.Builder config, String... trusted) {
		config.ioThreads(1).trustedProxies(trusted);
	}

	private static String get(Webserv server, String path, String... headers) throws IOException {
		try (RawClient raw = new RawClient(server.port())) {
			RawResponse response = raw.send(request(path, headers)).read();
			assertThat(response.status()).as(path).isEqualTo(200);
			return response.bodyText();
		}
	}

	private static String request(String path, String... headers) {
		StringBuilder text = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: site.test\r\n");
		for (String header : headers) {
			text.append(header).append("\r\n");
		}
		return text.append("\r\n").toString();
	}

	private static List<String> lines(Path log) {
		try {
			return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
