package dev.webserv.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.handler.TestSite.RawResponse;
import dev.webserv.testing.Await;

/**
 * CGI scripts in Python and sh that behave: meta-variables, bodies both ways, the three
 * response kinds.
 */
class CgiTest {

	@TempDir
	Path temp;

	private Path www;

	private TestSite site;

	@BeforeEach
	void start() {
		www = TestSite.copyWww(temp);
		site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").index("index.html").build())
			.location(Location.builder("/cgi-bin").cgi(".py", "python3").cgi("sh", "sh").build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void runsTheScriptWithTheMetaVariables() throws IOException {
		RawResponse response = site.raw("GET /cgi-bin/env.py/extra/path%20x?a=1&b=two HTTP/1.1\r\n" + "Host: localhost:"
				+ site.server().port() + "\r\nX-Custom: v1\r\nX-Multi: one\r\nX-Multi: two\r\n"
				+ "Cookie: a=1\r\nCookie: b=2\r\nProxy: http://evil.example:3128\r\nX_Under: sneaky\r\n"
				+ "Connection: close\r\n\r\n");
		Map<String, String> env = env(response.dechunked());
		Path script = www.resolve("cgi-bin/env.py").toRealPath();

		assertThat(response.status()).isEqualTo(200);
		assertThat(env).containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
			.containsEntry("SERVER_SOFTWARE", dev.webserv.config.ServerTokens.signature(true))
			.containsEntry("SERVER_NAME", "localhost")
			.containsEntry("SERVER_PORT", Integer.toString(site.server().port()))
			.containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
			.containsEntry("REQUEST_METHOD", "GET")
			.containsEntry("SCRIPT_NAME", "/cgi-bin/env.py")
			.containsEntry("SCRIPT_FILENAME", script.toString())
			.containsEntry("PATH_INFO", "/extra/path x")
			.containsEntry("PATH_TRANSLATED", www.toAbsolutePath().resolve("extra/path x").toString())
			.containsEntry("QUERY_STRING", "a=1&b=two")
			.containsEntry("REMOTE_ADDR", "127.0.0.1")
			.containsKey("REMOTE_PORT")
			.containsEntry("HTTP_X_CUSTOM", "v1")
			.containsEntry("HTTP_X_MULTI", "one, two")
			.containsEntry("HTTP_COOKIE", "a=1; b=2")
			.containsEntry("cwd", script.getParent().toString())
			.doesNotContainKeys("HTTP_PROXY", "HTTP_X_UNDER", "CONTENT_LENGTH", "CONTENT_TYPE", "HOME");
		assertThat(env.get("REMOTE_PORT")).matches("\\d+");
	}

	@Test
	void withholdsTheClientsCredentialsFromScriptsUnlessTheLocationPassesThem() throws IOException {
		String request = "GET /cgi-bin/env.py HTTP/1.1\r\nHost: x\r\nAuthorization: Basic dXNlcjpzZWNyZXQ=\r\n"
				+ "Proxy-Authorization: Basic cHJveHk6c2VjcmV0\r\nX-Custom: v1\r\nConnection: close\r\n\r\n";
		Map<String, String> withheld = env(site.raw(request).dechunked());
		assertThat(withheld).containsEntry("HTTP_X_CUSTOM", "v1")
			.doesNotContainKeys("HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION");
		try (TestSite passing = TestSite.start(server -> server.root(www)
			.location(Location.builder("/cgi-bin").cgi(".py", "python3").cgiPassAuthorization(true).build()))) {
			Map<String, String> passed = env(passing.raw(request).dechunked());
			assertThat(passed).containsEntry("HTTP_AUTHORIZATION", "Basic dXNlcjpzZWNyZXQ=")
				.containsEntry("HTTP_PROXY_AUTHORIZATION", "Basic cHJveHk6c2VjcmV0");
		}
	}

	@Test
	void setsAnEmptyQueryStringAndNoPathInfoWhenThereAreNone() {
		Map<String, String> env = env(site.get("/cgi-bin/env.py").body());

		assertThat(env).containsEntry("QUERY_STRING", "").doesNotContainKeys("PATH_INFO", "PATH_TRANSLATED");
	}

	@Test
	void givesTheScriptTheRequestBodyOnStdin() {
		byte[] data = new byte[300_000];
		new Random(3).nextBytes(data);

		HttpResponse<byte[]> response = site.send(site.request("/cgi-bin/echo.py")
			.header("Content-Type", "application/octet-stream")
			.POST(BodyPublishers.ofByteArray(data))
			.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Body-Length")).hasValue("300000");
		assertThat(response.body()).isEqualTo(data);
	}

	@Test
	void dechunksAChunkedRequestAndGivesItAContentLength() {
		byte[] data = "chunked body".repeat(1000).getBytes();

		HttpResponse<String> body = site.send(site.request("/cgi-bin/echo.py")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
			.build());
		Map<String, String> env = env(site
			.send(site.request("/cgi-bin/env.py")
				.header("Content-Type", "text/plain")
				.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
				.build())
			.body());

		assertThat(body.body()).isEqualTo(new String(data));
		assertThat(env).containsEntry("CONTENT_LENGTH", Integer.toString(data.length))
			.containsEntry("CONTENT_TYPE", "text/plain")
			.containsEntry("REQUEST_METHOD", "POST")
			.doesNotContainKey("HTTP_TRANSFER_ENCODING");
	}

	@Test
	void answersAScriptThatNeverReadsItsLargeBody() {
		HttpResponse<String> response = site
			.send(site.request("/cgi-bin/nostdin.sh").POST(BodyPublishers.ofByteArray(new byte[900_000])).build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ignored the body\n");
	}

	@Test
	void passesScriptHeadersThroughAndTakesTheStatusField() {
		HttpResponse<String> hello = site.get("/cgi-bin/hello.sh");
		HttpResponse<String> teapot = site.get("/cgi-bin/status.sh");

		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.headers().firstValue("X-Script")).hasValue("hello");
		assertThat(hello.headers().firstValue("Content-Type")).hasValue("text/plain");
		assertThat(hello.body()).isEqualTo("Hello from sh\n");
		assertThat(teapot.statusCode()).isEqualTo(418);
		assertThat(teapot.body()).isEqualTo("short and stout\n");
		assertThat(teapot.headers().firstValue("Status")).isEmpty();
	}

	@Test
	void streamsABodyOfUnknownLengthChunked() {
		RawResponse response = site.rawGet("/cgi-bin/stream.sh");

		assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
		String[] lines = response.dechunked().split("\n");
		assertThat(lines).hasSize(2000);
		assertThat(lines[1999]).isEqualTo("line 2000");
	}

	@Test
	void usesTheContentLengthAScriptAnnounces() {
		RawResponse response = site.rawGet("/cgi-bin/length.sh");

		assertThat(response.header("Content-Length")).isEqualTo("6");
		assertThat(response.header("Transfer-Encoding")).isNull();
		assertThat(response.body()).isEqualTo("sized\n");
	}

	@Test
	void answersHeadWithoutABody() {
		HttpResponse<String> response = site
			.send(site.request("/cgi-bin/hello.sh").method("HEAD", BodyPublishers.noBody()).build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void passesAClientRedirectToTheClient() {
		HttpResponse<String> response = site.get("/cgi-bin/redirect.py?client");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("http://example.com/elsewhere");
	}

	@Test
	void servesALocalRedirectInsideTheServer() throws IOException {
		HttpResponse<String> response = site.get("/cgi-bin/redirect.py");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).isEqualTo(Files.readString(www.resolve("docs/readme.txt")));
	}

	@Test
	void breaksALocalRedirectLoopWith500() {
		assertThat(site.get("/cgi-bin/loop.sh").statusCode()).isEqualTo(500);
	}

	@Test
	void answersAMissingScriptWith404() {
		assertThat(site.get("/cgi-bin/missing.py").statusCode()).isEqualTo(404);
		assertThat(site.get("/cgi-bin/missing.py/with/path/info").statusCode()).isEqualTo(404);
		assertThat(site.get("/cgi-bin/").statusCode()).isEqualTo(403);
	}

	@Test
	void answersAFormPost() {
		HttpResponse<String> response = site.send(site.request("/cgi-bin/form.py")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("name=Ada+%3CLovelace%3E"))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Hello, Ada &lt;Lovelace&gt;!");
	}

	@Test
	void countsNoProcessOnceScriptsHaveEnded() throws InterruptedException {
		site.get("/cgi-bin/hello.sh");
		Await.until(Duration.ofSeconds(5), "no CGI process running",
				() -> site.server().statistics().cgiProcesses() == 0);

		assertThat(site.server().statistics().cgiProcesses()).isZero();
	}

	private static Map<String, String> env(String body) {
		Map<String, String> env = new LinkedHashMap<>();
		Arrays.stream(body.split("\n"))
			.filter(line -> line.contains("="))
			.forEach(line -> env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
		return env;
	}

}
