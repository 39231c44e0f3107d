package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Route;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

class HttpExchangeTest {

	private final HttpClient client = HttpClient.newHttpClient();

	private Webserv server;

	@TempDir
	Path temp;

	@BeforeEach
	void start() throws Exception {
		Path file = Files.writeString(temp.resolve("data.txt"), "file body");
		server = TestServers.start(s -> s.route("GET", "/hello", Handler.nonBlocking(r -> Response.ok("Hello, World!")))
			.route("POST", "/echo", r -> Response.ok(r.body().bytes(), "application/octet-stream"))
			.route("GET", "/users/{id}", r -> Response.ok("user " + r.pathVariable("id")))
			.route("GET", "/users/me", r -> Response.ok("me"))
			.route("GET", "/query", r -> Response.ok(r.queryParameter("a") + "|" + r.queryParameter("b")))
			.route("GET", "/boom", r -> {
				throw new IllegalStateException("secret detail");
			})
			.route("GET", "/file", r -> Response.status(200).contentType("text/plain").body(file))
			.route("GET", "/stream",
					r -> Response.status(200)
						.body(new ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8)), -1))
			.route("GET", "/bad-header", r -> Response.ok("x").header("X-Evil", "a\r\nInjected: yes"))
			.route(Route.any("/any", r -> Response.ok(r.method()))));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(HttpRequest.newBuilder(TestServers.uri(server, path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void answersWithStatusDateServerAndLength() throws Exception {
		HttpResponse<String> response = get("/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello, World!");
		assertThat(response.headers().firstValue("content-length")).hasValue("13");
		assertThat(response.headers().firstValue("server")).hasValue(dev.webserv.config.ServerTokens.signature(true));
		assertThat(response.headers().firstValue("date").orElseThrow())
			.matches("\\w{3}, \\d{2} \\w{3} \\d{4} [\\d:]{8} GMT");
	}

	@Test
	void echoesARequestBody() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(TestServers.uri(server, "/echo"))
			.POST(HttpRequest.BodyPublishers.ofString("ping pong"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ping pong");
	}

	@Test
	void decodesAChunkedRequestBody() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: t\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("Wikipedia");
		}
	}

	@Test
	void passesPathVariablesAndPrefersLiteralSegments() throws Exception {
		assertThat(get("/users/42").body()).isEqualTo("user 42");
		assertThat(get("/users/me").body()).isEqualTo("me");
	}

	@Test
	void decodesQueryParameters() throws Exception {
		assertThat(get("/query?a=1%202&b=x+y").body()).isEqualTo("1 2|x y");
	}

	@Test
	void answers404WhenNothingMatches() throws Exception {
		HttpResponse<String> response = get("/nothing/here");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("404 Not Found").startsWith("<!DOCTYPE html>");
	}

	@Test
	void answers405WithAllowForAnotherMethod() throws Exception {
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(TestServers.uri(server, "/hello")).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD, OPTIONS");
	}

	@Test
	void answersOptionsWithAllow() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(TestServers.uri(server, "/echo"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.headers().firstValue("allow")).hasValue("OPTIONS, POST");
	}

	@Test
	void answersHeadWithTheLengthButNoBody() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.RawResponse head = raw.read(true);
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.header("content-length")).isEqualTo("13");
			RawClient.RawResponse get = raw.read();
			assertThat(get.bodyText()).isEqualTo("Hello, World!");
		}
	}

	@Test
	void hidesHandlerExceptionsBehind500() throws Exception {
		HttpResponse<String> response = get("/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("500 Internal Server Error")
			.doesNotContain("secret detail")
			.doesNotContain("IllegalStateException");
	}

	@Test
	void refusesHeaderInjectionFromAHandler() throws Exception {
		HttpResponse<String> response = get("/bad-header");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("injected")).isEmpty();
	}

	@Test
	void sendsFilesAndStreams() throws Exception {
		assertThat(get("/file").body()).isEqualTo("file body");
		HttpResponse<String> streamed = get("/stream");
		assertThat(streamed.body()).isEqualTo("streamed");
		assertThat(streamed.headers().firstValue("transfer-encoding")).hasValue("chunked");
	}

	@Test
	void routesAnyMethodToACatchAllRoute() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(TestServers.uri(server, "/any"))
			.method("PATCH", HttpRequest.BodyPublishers.ofString("x"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("PATCH");
	}

	@Test
	void acceptsAbsoluteFormTargets() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET http://example.test/hello HTTP/1.1\r\nHost: example.test\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("Hello, World!");
		}
	}

}
