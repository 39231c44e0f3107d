package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The demo application over real HTTP, the same tests for every server:
 * {@link OnWebservTests} runs them on webserv, {@link OnReactorNettyTests} on Reactor
 * Netty, the reference.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@Import(IgnoredBodyRoute.class)
abstract class WebFluxApplicationTests {

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Autowired
	TickController ticks;

	@Test
	void aMonoIsWrittenAsJson() {
		client.get()
			.uri("/api/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo("Hello from WebFlux on webserv");
	}

	@Test
	void aFluxIsWrittenAsAJsonArray() {
		client.get()
			.uri("/api/items")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].name")
			.isEqualTo("kettle")
			.jsonPath("$[2].name")
			.isEqualTo("cup");
	}

	@Test
	void aPathVariableSelectsTheItemAndAnUnknownOneIsAProblem() {
		client.get()
			.uri("/api/items/2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("teapot");
		client.get()
			.uri("/api/items/999")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("no item 999");
	}

	@Test
	void aFunctionalRouteAnswers() {
		client.get()
			.uri("/fn/hello/webserv")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("Hello, webserv!");
	}

	@Test
	void aValidBodyIsCreatedAndAnInvalidOneIsAProblemDetail() {
		client.post()
			.uri("/api/items")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"mug\",\"stock\":2}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("mug");
		client.post()
			.uri("/api/items")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"\",\"stock\":-1}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.instance")
			.isEqualTo("/api/items");
	}

	@Test
	void headAnswersTheLengthWithoutTheBody() throws Exception {
		long length = http.send(request("/api/hello").build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
		HttpResponse<String> response = http.send(
				request("/api/hello").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(length);
		assertThat(response.body()).isEmpty();
	}

	/**
	 * The second tick comes a minute after the first: the first arrives alone, so it was
	 * flushed as it was produced. Then the client leaves and the application's Flux is
	 * cancelled.
	 */
	@Test
	void serverSentEventsArriveOneAtATimeAndALeavingClientCancelsTheFlux() throws Exception {
		int cancelledBefore = ticks.cancelled();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /api/ticks?intervalMs=60000 HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String received = readUntil(socket.getInputStream(), "data:tick 0\n\n");
			assertThat(received).startsWith("HTTP/1.1 200").contains("text/event-stream").doesNotContain("tick 1");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ticks.active() >= 1);
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ticks.cancelled() > cancelledBefore);
	}

	@Test
	void aMultipartUploadIsReadPartByPart() {
		byte[] content = "a file of a few bytes\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(content)).filename("notes.txt").contentType(MediaType.TEXT_PLAIN);
		client.post()
			.uri("/api/upload")
			.bodyValue(body.build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("notes.txt")
			.jsonPath("$.bytes")
			.isEqualTo(content.length)
			.jsonPath("$.crc32")
			.isEqualTo(crc(content));
	}

	/**
	 * 1 GiB, at least four times the test JVM's heap (-Xmx256m in pom.xml), streamed
	 * without a length: it passes only if neither server nor application holds it.
	 */
	@Test
	void aStreamedGibibyteUploadIsReadAsItArrivesInBoundedHeap() throws Exception {
		long size = Math.max(1L << 30, 4 * Runtime.getRuntime().maxMemory());
		HttpResponse<String> response = http.send(request("/api/stream").timeout(Duration.ofMinutes(2))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"bytes\":" + size).contains("\"crc32\":" + PatternStream.crc(size));
	}

	@Test
	void aLargeDownloadArrivesWhole() throws Exception {
		long size = 64L * 1024 * 1024 + 7;
		HttpResponse<InputStream> response = http.send(request("/api/download?size=" + size).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		CRC32 crc = new CRC32();
		long received = 0;
		try (InputStream body = response.body()) {
			byte[] buffer = new byte[64 * 1024];
			for (int n; (n = body.read(buffer)) != -1;) {
				crc.update(buffer, 0, n);
				received += n;
			}
		}
		assertThat(received).isEqualTo(size);
		assertThat(crc.getValue()).isEqualTo(PatternStream.crc(size));
	}

	@Test
	void httpBasicGuardsTheAdminPath() {
		client.get()
			.uri("/admin/whoami")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic.*");
		client.get()
			.uri("/admin/whoami")
			.headers(headers -> headers.setBasicAuth("admin", "webserv"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user")
			.isEqualTo("admin");
	}

	@Test
	void corsAllowsTheConfiguredOriginOnly() {
		client.options()
			.uri("/api/hello")
			.header("Origin", "https://example.test")
			.header("Access-Control-Request-Method", "GET")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://example.test");
		client.options()
			.uri("/api/hello")
			.header("Origin", "https://elsewhere.test")
			.header("Access-Control-Request-Method", "GET")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void actuatorServesHealthAndCountsEachRequestOnce() {
		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		double before = requestCount("/api/items/{id}");
		for (int i = 0; i < 3; i++) {
			client.get().uri("/api/items/1").exchange().expectStatus().isOk();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(requestCount("/api/items/{id}")).isEqualTo(before + 3));
	}

	/**
	 * Actuator is served by Boot's WebFlux mapping, so the application's web filters
	 * apply to it: Spring Security's headers (no part of webserv writes them) are on the
	 * scrape.
	 */
	@Test
	void prometheusGoesThroughTheApplicationsWebFilters() {
		client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY");
	}

	/**
	 * Whether a connection stays open after the application answered a POST without
	 * reading a body of this many bytes (see the table in docs/spring-boot.md).
	 */
	abstract boolean keepsTheConnectionAfterAnIgnoredBodyOf(int bytes);

	/**
	 * A POST whose body the application never reads, the body still being sent while the
	 * answer comes back: the answer is whole, the client's writes are not reset under it,
	 * then the next request on the connection is answered or the connection closes, as
	 * {@link #keepsTheConnectionAfterAnIgnoredBodyOf(int)} says; never a hang.
	 */
	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 1000, 512 * 1024, 4 * 1024 * 1024 })
	void aBodyTheApplicationIgnores(int size) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + IgnoredBodyRoute.PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + size
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				try {
					out.write(new byte[size]);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThat(RawAnswers.next(socket)).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nignored");
			sending.get(10, TimeUnit.SECONDS);
			String second;
			try {
				out.write("GET /api/hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				second = RawAnswers.next(socket);
			}
			catch (IOException closed) {
				second = null;
			}
			if (keepsTheConnectionAfterAnIgnoredBodyOf(size)) {
				assertThat(second).startsWith("HTTP/1.1 200 ").contains("Hello from WebFlux");
			}
			else {
				assertThat(second).as("the connection closes").isNull();
			}
		}
	}

	String prometheus() {
		return client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** http_server_requests_seconds_count of successful GETs of this uri, summed. */
	double requestCount(String uri) {
		Pattern line = Pattern.compile("^http_server_requests_seconds_count\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = line.matcher(prometheus());
		double count = 0;
		while (matcher.find()) {
			String labels = matcher.group(1);
			if (labels.contains("uri=\"" + uri + "\"") && labels.contains("status=\"200\"")) {
				count += Double.parseDouble(matcher.group(2));
			}
		}
		return count;
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
	}

	static String readUntil(InputStream in, String end) throws IOException {
		StringBuilder received = new StringBuilder();
		while (!received.toString().endsWith(end)) {
			int b = in.read();
			assertThat(b).as("the stream ended before: " + end).isNotEqualTo(-1);
			received.append((char) b);
		}
		return received.toString();
	}

	static long crc(byte[] content) {
		CRC32 crc = new CRC32();
		crc.update(content);
		return crc.getValue();
	}

}
