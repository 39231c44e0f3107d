package dev.webserv.compression;

import static dev.webserv.compression.GzipStreamTest.gunzip;
import static dev.webserv.compression.GzipStreamTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Compression;
import dev.webserv.config.Location;
import dev.webserv.testing.TestServers;

/** On-the-fly gzip over real sockets: what was sent is gunzipped and compared. */
class CompressionTest {

	private static final byte[] TEXT = sample(10_000);

	private static final byte[] BIG = sample(300_000);

	@TempDir
	Path root;

	private final HttpClient client = HttpClient.newHttpClient();

	private Webserv server;

	private final CountDownLatch producerMayFinish = new CountDownLatch(1);

	@BeforeEach
	void start() throws Exception {
		Files.write(root.resolve("page.html"), TEXT);
		Files.write(root.resolve("big.txt"), BIG);
		Files.write(root.resolve("logo.png"), TEXT);
		server = TestServers.start(s -> s.root(root)
			.compression(Compression.gzip().withTypes(List.of("text/*", "application/json")).withMinLength(100))
			.route("GET", "/text", Handler.nonBlocking(r -> Response.ok(TEXT, "text/plain")))
			.route("GET", "/tiny", Handler.nonBlocking(r -> Response.ok("short")))
			.route("GET", "/json", Handler.nonBlocking(r -> Response.ok(TEXT, "application/json; charset=utf-8")))
			.route("GET", "/csv", Handler.nonBlocking(r -> Response.ok(TEXT, "TEXT/CSV")))
			.route("GET", "/octets", Handler.nonBlocking(r -> Response.ok(TEXT, "application/octet-stream")))
			.route("GET", "/big-bytes", Handler.nonBlocking(r -> Response.ok(BIG, "text/plain")))
			.route("GET", "/encoded",
					Handler.nonBlocking(r -> Response.ok(TEXT, "text/plain").header("Content-Encoding", "br")))
			.route("GET", "/no-transform",
					Handler.nonBlocking(
							r -> Response.ok(TEXT, "text/plain").header("Cache-Control", "public, no-transform")))
			.route("GET", "/varied", Handler.nonBlocking(r -> Response.ok(TEXT, "text/plain").header("Vary", "Cookie")))
			.route("GET", "/empty", Handler.nonBlocking(r -> Response.noContent().contentType("text/plain")))
			.route("GET", "/stream", r -> Response.ok(TEXT, "text/plain").body(slowStream(), -1))
			.location(Location.builder("/").build())
			.location(Location.builder("/off/").compression(Compression.OFF).build()));
	}

	@org.junit.jupiter.api.AfterEach
	void stop() {
		producerMayFinish.countDown();
		server.stop();
	}

	@Test
	void compressesABodyForAClientThatAcceptsGzip() throws Exception {
		HttpResponse<byte[]> response = get("/text", "gzip, deflate");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
		assertThat(response.body().length).isLessThan(TEXT.length / 2);
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		assertThat(gunzip(response.body())).isEqualTo(TEXT);
	}

	@ParameterizedTest(name = "Accept-Encoding: {0}")
	@ValueSource(strings = { "", "identity", "gzip;q=0", "*;q=0", "identity;q=0", "br", "gzip;q=0.5, identity",
			// malformed: ignored, the plain body served
			"gzip;q=2", "gzip;;", "g zip", "gzip;q=abc", "\u00e9" })
	void sendsThePlainBodyWhenGzipIsNotPreferred(String accept) throws Exception {
		HttpResponse<byte[]> response = get("/text", accept);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
		assertThat(response.body()).isEqualTo(TEXT);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/json", "/csv" })
	void typesMatchIgnoringParametersAndCaseWithWildcards(String path) throws Exception {
		HttpResponse<byte[]> response = get(path, "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gunzip(response.body())).isEqualTo(TEXT);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/octets", "/tiny", "/encoded", "/no-transform", "/empty", "/off/page.html", "/logo.png" })
	void leavesAloneWhatMustNotBeCompressed(String path) throws Exception {
		HttpResponse<byte[]> response = get(path, "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).isNotEqualTo(java.util.Optional.of("gzip"));
		assertThat(response.headers().allValues("Vary")).isEmpty();
	}

	@Test
	void anAlreadyEncodedBodyPassesUnchanged() throws Exception {
		HttpResponse<byte[]> response = get("/encoded", "gzip, br");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("br");
		assertThat(response.body()).isEqualTo(TEXT);
	}

	@Test
	void varyIsAddedToAnExistingVary() throws Exception {
		HttpResponse<byte[]> response = get("/varied", "gzip");
		assertThat(response.headers().allValues("Vary")).containsExactly("Cookie", "Accept-Encoding");
	}

	@Test
	void aStaticFileIsCompressedChunkedWithAWeakETagAndNoRanges() throws Exception {
		HttpResponse<byte[]> plain = get("/big.txt", "");
		String etag = plain.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).startsWith("\"");
		HttpResponse<byte[]> response = get("/big.txt", "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
		assertThat(response.headers().firstValue("ETag")).hasValue("W/" + etag);
		assertThat(response.headers().firstValue("Accept-Ranges")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("text/plain"));
		assertThat(gunzip(response.body())).isEqualTo(BIG);
		// the weak tag still validates
		HttpResponse<byte[]> again = client.send(
				request("/big.txt", "gzip").header("If-None-Match", "W/" + etag).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void aLargeByteBodyIsStreamedCompressed() throws Exception {
		HttpResponse<byte[]> response = get("/big-bytes", "gzip");
		assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
		assertThat(gunzip(response.body())).isEqualTo(BIG);
	}

	@Test
	void aRangeIsServedPlainAs206() throws Exception {
		HttpResponse<byte[]> response = client.send(request("/big.txt", "gzip").header("Range", "bytes=0-99").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(206);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(response.body()).isEqualTo(java.util.Arrays.copyOf(BIG, 100));
	}

	@Test
	void headGetsThePlainHeadersWithVary() throws Exception {
		HttpResponse<byte[]> response = client.send(
				request("/page.html", "gzip").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(TEXT.length);
		assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
	}

	@Test
	void http10ClientsGetThePlainBody() throws Exception {
		try (dev.webserv.testing.RawClient raw = new dev.webserv.testing.RawClient(server.port())) {
			raw.send("GET /text HTTP/1.0\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
			dev.webserv.testing.RawClient.RawResponse response = raw.read();
			assertThat(response.header("Content-Encoding")).isNull();
			assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
			assertThat(response.body()).isEqualTo(TEXT);
		}
	}

	@Test
	void aStreamOfUnknownLengthIsCompressedAsItIsProduced() throws Exception {
		HttpResponse<InputStream> response = client.send(request("/stream", "gzip").build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		try (GZIPInputStream body = new GZIPInputStream(response.body())) {
			// the first part arrives while the producer still waits: nothing buffers the
			// whole body
			assertThat(new String(body.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
			producerMayFinish.countDown();
			assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(" and the rest");
		}
	}

	private InputStream slowStream() throws Exception {
		PipedInputStream in = new PipedInputStream();
		PipedOutputStream out = new PipedOutputStream(in);
		Thread producer = new Thread(() -> {
			try (out) {
				out.write("first".getBytes(StandardCharsets.UTF_8));
				out.flush();
				producerMayFinish.await(10, TimeUnit.SECONDS);
				out.write(" and the rest".getBytes(StandardCharsets.UTF_8));
			}
			catch (Exception ignored) {
				// the test fails on the client side
			}
		});
		producer.setDaemon(true);
		producer.start();
		return in;
	}

	private HttpRequest.Builder request(String path, String accept) {
		HttpRequest.Builder request = TestServers.request(server, path);
		return accept.isEmpty() ? request : request.header("Accept-Encoding", accept);
	}

	private HttpResponse<byte[]> get(String path, String accept) throws Exception {
		return client.send(request(path, accept).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
