package dev.webserv.compression;

import static dev.webserv.compression.GzipStreamTest.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Compression;
import dev.webserv.config.Location;
import dev.webserv.testing.TestServers;

/** nginx's gzip_static: .br and .gz siblings of a static file, over real sockets. */
class PrecompressedTest {

	private static final byte[] CSS = "body { color: red; }\n".repeat(50).getBytes(StandardCharsets.UTF_8);

	private static final byte[] BROTLI = "pretend brotli bytes".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path root;

	private final HttpClient client = HttpClient.newHttpClient();

	private Webserv server;

	@BeforeEach
	void start() throws Exception {
		Files.write(root.resolve("style.css"), CSS);
		Files.write(root.resolve("style.css.gz"), GzipStream.gzip(CSS, 9));
		Files.write(root.resolve("style.css.br"), BROTLI);
		Files.write(root.resolve("app.js"), CSS);
		Files.write(root.resolve("app.js.gz"), GzipStream.gzip(CSS, 9));
		Files.write(root.resolve("plain.txt"), CSS);
		Files.createDirectory(root.resolve("custom"));
		Files.write(root.resolve("custom/style.css.gz"), GzipStream.gzip(CSS, 9));
		Compression precompressed = Compression.OFF.withPrecompressed(true);
		server = TestServers.start(s -> s.root(root)
			.location(Location.builder("/").compression(precompressed).build())
			.location(Location.builder("/custom/")
				.compression(precompressed)
				.handler(Handler.nonBlocking(request -> Response.ok("made by a handler")))
				.build()));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', value = { "gzip|gzip", "'gzip, br'|br", "'br;q=0.5, gzip'|gzip", "br|br",
			"'gzip;q=0, br;q=0'|''", "''|''", "'gzip;q=7'|''" })
	void servesTheSiblingTheClientPrefers(String accept, String expected) throws Exception {
		HttpResponse<byte[]> plain = get("/style.css", "");
		HttpResponse<byte[]> response = get("/style.css", accept);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
		assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
		assertThat(response.headers().firstValue("Last-Modified"))
			.isEqualTo(plain.headers().firstValue("Last-Modified"));
		switch (expected) {
			case "gzip" -> assertThat(gunzip(response.body())).isEqualTo(CSS);
			case "br" -> assertThat(response.body()).isEqualTo(BROTLI);
			default -> assertThat(response.body()).isEqualTo(CSS);
		}
		if (expected.isEmpty()) {
			assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		}
		else {
			assertThat(response.headers().firstValue("Content-Encoding")).hasValue(expected);
			assertThat(response.headers().firstValue("ETag"))
				.hasValue("W/" + plain.headers().firstValue("ETag").orElseThrow());
		}
	}

	@Test
	void onlyTheCodingsOnDiskAreOffered() throws Exception {
		HttpResponse<byte[]> response = get("/app.js", "br, gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gunzip(response.body())).isEqualTo(CSS);
		assertThat(get("/plain.txt", "br, gzip").headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void aSiblingThatIsNotARegularFileIsNeverServed() throws Exception {
		Files.write(root.resolve("dir.css"), CSS);
		Files.createDirectory(root.resolve("dir.css.gz"));
		HttpResponse<byte[]> response = get("/dir.css", "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(response.body()).isEqualTo(CSS);
	}

	@Test
	void aCustomHandlersResponseIsNeverReplaced() throws Exception {
		HttpResponse<byte[]> response = get("/custom/style.css", "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("made by a handler");
	}

	@Test
	void aSiblingOutsideTheRootIsNeverServed(@TempDir Path outside) throws Exception {
		Files.write(outside.resolve("secret.gz"), GzipStream.gzip("secret".getBytes(StandardCharsets.UTF_8), 1));
		Files.write(root.resolve("leak.txt"), CSS);
		Files.createSymbolicLink(root.resolve("leak.txt.gz"), outside.resolve("secret.gz"));
		HttpResponse<byte[]> response = get("/leak.txt", "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(response.body()).isEqualTo(CSS);
	}

	@Test
	void aRangeGetsThePlainFile() throws Exception {
		HttpResponse<byte[]> response = client.send(TestServers.request(server, "/style.css")
			.header("Accept-Encoding", "gzip")
			.header("Range", "bytes=0-3")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(206);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("body");
	}

	private HttpResponse<byte[]> get(String path, String accept) throws Exception {
		HttpRequest.Builder request = TestServers.request(server, path);
		if (!accept.isEmpty()) {
			request.header("Accept-Encoding", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
