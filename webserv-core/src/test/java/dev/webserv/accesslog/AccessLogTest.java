package dev.webserv.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AccessLogTest {

	private static final String COMBINED = "^127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] ";

	@TempDir
	Path dir;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void writesOneCombinedLinePerRequest() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(AccessLog.toFile(log), config -> {
		})) {
			send(server, "/hello?x=1", "curl/8.0");
			send(server, "/missing", "agent \"quoted\"");
			List<String> lines = awaitLines(log, 2);
			assertThat(lines.get(0)).matches(COMBINED + "\"GET /hello\\?x=1 HTTP/1.1\" 200 5 \"-\" \"curl/8.0\"$");
			assertThat(lines.get(1))
				.matches(COMBINED + "\"GET /missing HTTP/1.1\" 404 \\d+ \"-\" " + "\"agent \\\\x22quoted\\\\x22\"$");
		}
	}

	@Test
	void logsMalformedRequestsAs400() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(AccessLog.toFile(log), config -> {
		}); RawClient raw = new RawClient(server.port())) {
			raw.send("GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(400);
			assertThat(awaitLines(log, 1).get(0)).matches(COMBINED + "\"-\" 400 \\d+ \"-\" \"-\"$");
		}
	}

	@Test
	void logsAStalledHeadAs408() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(AccessLog.toFile(log),
				config -> config.timeouts(Timeouts.DEFAULTS.withHeader(Duration.ofMillis(300))));
				RawClient raw = new RawClient(server.port())) {
			raw.send("GET / HTTP/1.1\r\nHo");
			assertThat(raw.read().status()).isEqualTo(408);
			assertThat(awaitLines(log, 1).get(0)).contains("\"-\" 408 ");
		}
	}

	@Test
	void logsAClientThatLeftMidBodyAs499() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = TestServers.start(s -> s.route("POST", "/upload", request -> Response.ok("stored"))
			.accessLog(AccessLog.toFile(log).withFormat("$status $request $body_bytes_sent")))) {
			try (RawClient raw = new RawClient(server.port())) {
				raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b");
				Thread.sleep(100); // let the server read the head before the client goes
			}
			assertThat(awaitLines(log, 1)).containsExactly("499 POST /upload HTTP/1.1 0");
		}
	}

	@Test
	void customFormatWithNginxVariables() throws Exception {
		Path log = dir.resolve("custom.log");
		String format = "$request_method|$uri|$request_uri|$args|$status|$body_bytes_sent|$http_x_trace|"
				+ "$server_port|$connection|${connection_requests}|$remote_user|$scheme";
		try (Webserv server = start(AccessLog.toFile(log).withFormat(format), config -> {
		}); RawClient raw = new RawClient(server.port())) {
			raw.send("GET /hello?a=%20b HTTP/1.1\r\nHost: x\r\nX-Trace: t-1\r\n"
					+ "Authorization: Basic YWxpY2U6c2VjcmV0\r\n\r\nHEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			raw.read();
			raw.read(true);
			int port = server.port();
			assertThat(awaitLines(log, 2)).containsExactly(
					"GET|/hello|/hello?a=%20b|a=%20b|200|5|t-1|" + port + "|1|1|alice|http",
					"HEAD|/hello|/hello|-|200|0|-|" + port + "|1|2|-|http");
		}
	}

	@Test
	void jsonLinesParseAndEscape() throws Exception {
		Path log = dir.resolve("access.json");
		try (Webserv server = start(AccessLog.toFile(log).withFormat("json"), config -> {
		})) {
			send(server, "/hello", "a \"b\" \\ c\u00e9");
			List<String> lines = awaitLines(log, 1);
			JsonNode line = JsonMapper.builder().build().readTree(lines.get(0));
			assertThat(line.get("status").asInt()).isEqualTo(200);
			assertThat(line.get("body_bytes_sent").asLong()).isEqualTo(5);
			assertThat(line.get("request").asString()).isEqualTo("GET /hello HTTP/1.1");
			assertThat(line.get("remote_addr").asString()).isEqualTo("127.0.0.1");
			assertThat(line.get("http_referer").asString()).isEmpty();
			assertThat(line.get("request_time").isNumber()).isTrue();
		}
	}

	@Test
	void nonAsciiBytesAreWrittenAsTheBytesTheClientSent() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(AccessLog.toFile(log).withFormat("$uri|$http_user_agent"), config -> {
		}); RawClient raw = new RawClient(server.port())) {
			// a header's bytes as they came (0xFF, 0xE9), a decoded path as its UTF-8
			raw.send("GET /caf%C3%A9 HTTP/1.1\r\nHost: x\r\nUser-Agent: \u00ff\u00e9\r\nConnection: close\r\n\r\n");
			raw.read();
			// the header's bytes were written as their UTF-8 re-encoding:
			// \xC3\xBF\xC3\xA9
			assertThat(awaitLines(log, 1)).containsExactly("/caf\\xC3\\xA9|\\xFF\\xE9");
		}
	}

	@Test
	void anUnknownVariableFailsStartUpNamingIt() {
		assertThatThrownBy(() -> AccessLog.toFile(dir.resolve("a.log")).withFormat("$status $upstream_addr"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("$upstream_addr");
	}

	@Test
	void aFileInAMissingDirectoryFailsStartUp() {
		VirtualServer server = VirtualServer.builder()
			.listen("127.0.0.1:0")
			.accessLog(AccessLog.toFile(dir.resolve("no/such/dir/access.log")))
			.build();
		assertThatThrownBy(() -> new Webserv(ServerConfig.builder().server(server).build()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("no such directory");
	}

	@Test
	void followsARenameAndAnExplicitReopen() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(AccessLog.toFile(log).withFormat("$uri"), config -> {
		})) {
			send(server, "/one", "t");
			awaitLines(log, 1);
			Files.move(log, dir.resolve("access.log.1"));
			// as logrotate without a signal: the next check notices the name points
			// elsewhere
			awaitLinesAfterRequests(server, log, "/two");
			assertThat(Files.readAllLines(dir.resolve("access.log.1"))).startsWith("/one");
			Files.move(log, dir.resolve("access.log.2"));
			server.reopenAccessLogs();
			awaitLinesAfterRequests(server, log, "/three");
		}
	}

	/**
	 * Sends until a line reaches the (new) file: lines sent before the reopen stay in the
	 * old one.
	 */
	private void awaitLinesAfterRequests(Webserv server, Path log, String path) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			send(server, path, "t");
			if (Files.exists(log) && Files.readAllLines(log).contains(path)) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError(path + " never reached " + log);
	}

	private Webserv start(AccessLog accessLog, Consumer<ServerConfig.Builder> config) {
		return TestServers.start(s -> s.route("GET", "/hello", request -> Response.ok("hello")).accessLog(accessLog),
				config);
	}

	private void send(Webserv server, String path, String agent) throws IOException, InterruptedException {
		client.send(TestServers.request(server, path).header("User-Agent", agent).build(),
				HttpResponse.BodyHandlers.discarding());
	}

	static List<String> awaitLines(Path log, int count) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
			if (lines.size() >= count || System.nanoTime() > deadline) {
				assertThat(lines).as("lines of " + log).hasSizeGreaterThanOrEqualTo(count);
				return lines;
			}
			Thread.sleep(20);
		}
	}

}
