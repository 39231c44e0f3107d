package dev.webserv.boot.reactive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * server.compression on WebFlux responses, over real sockets with the JDK HttpClient
 * decoding gzip itself: what is compressed (type, size, Accept-Encoding with q-values)
 * and what never is (HEAD, 204, 304, ranges, already encoded), Vary, and server-sent
 * events still leaving one at a time through the encoder.
 */
class ReactiveCompressionTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final String TEXT = "webserv compresses WebFlux responses. ".repeat(200);

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (webServer != null) {
			webServer.stop();
		}
	}

	@Test
	void aLargeTextResponseIsGzippedForAClientThatAcceptsGzip() throws Exception {
		start(text("text/plain", TEXT, true));
		HttpResponse<byte[]> response = get("/", "gzip, deflate");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
		assertThat(response.headers().firstValue("Content-Length")).isEmpty();
		assertThat(response.body().length).isLessThan(TEXT.length() / 4);
		assertThat(gunzip(response.body())).isEqualTo(TEXT);
	}

	@Test
	void aStreamOfUnknownLengthIsGzipped() throws Exception {
		start((request, response) -> {
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, "application/json");
			return response.writeWith(Flux.range(0, 100).map(i -> buffer(response.bufferFactory(), TEXT)));
		});
		HttpResponse<byte[]> response = get("/", "gzip");
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gunzip(response.body())).hasSize(TEXT.length() * 100);
	}

	@Test
	void gzipWithQualityZeroOrNoAcceptEncodingGetsIdentityWithVary() throws Exception {
		start(text("text/plain", TEXT, true));
		for (String acceptEncoding : new String[] { "gzip;q=0, identity", "br", null }) {
			HttpResponse<byte[]> response = get("/", acceptEncoding);
			assertThat(response.headers().firstValue("Content-Encoding")).as(acceptEncoding).isEmpty();
			assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
			assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
		}
		assertThat(get("/", "*;q=0.5").headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(get("/", "identity, GZIP;q=0.1").headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(get("/", "*, gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void aSmallBodyOrATypeNotListedIsSentAsItIs() throws Exception {
		start((request, response) -> request.getPath().value().equals("/small")
				? text("text/plain", "short", true).handle(request, response)
				: text("image/png", TEXT, true).handle(request, response));
		HttpResponse<byte[]> small = get("/small", "gzip");
		assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(small.headers().firstValue("Content-Length")).hasValue("5");
		HttpResponse<byte[]> image = get("/image", "gzip");
		assertThat(image.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(image.headers().firstValue("Vary")).isEmpty();
		assertThat(image.body()).hasSize(TEXT.length());
	}

	@Test
	void headNoContentNotModifiedRangesAndEncodedBodiesAreNotCompressed() throws Exception {
		start((request, response) -> {
			switch (request.getPath().value()) {
				case "/204" -> response.setStatusCode(HttpStatus.NO_CONTENT);
				case "/304" -> response.setStatusCode(HttpStatus.NOT_MODIFIED);
				case "/range" -> {
					response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
					response.getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes 0-7599/10000");
				}
				case "/encoded" -> response.getHeaders().set(HttpHeaders.CONTENT_ENCODING, "br");
				default -> {
				}
			}
			return text("text/plain", TEXT, true).handle(request, response);
		});
		HttpResponse<Void> head = client.send(
				request("/", "gzip").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(head.headers().firstValue("Content-Encoding")).isEmpty();
		for (String path : new String[] { "/204", "/304", "/range", "/encoded" }) {
			HttpResponse<byte[]> response = get(path, "gzip");
			assertThat(response.headers().allValues("Content-Encoding")).as(path).doesNotContain("gzip");
		}
		assertThat(get("/range", "gzip").body()).hasSize(TEXT.length());
	}

	@Test
	void eachServerSentEventLeavesTheEncoderAtOnce() throws Exception {
		CountDownLatch firstSeen = new CountDownLatch(1);
		start((request, response) -> {
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, "text/event-stream");
			Mono<DataBuffer> first = Mono.fromSupplier(() -> buffer(response.bufferFactory(), "data: one\n\n"));
			Mono<DataBuffer> second = Mono.fromCallable(() -> {
				// only once the client decoded the first: proves the first was flushed
				if (!firstSeen.await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the first event never reached the client");
				}
				return buffer(response.bufferFactory(), "data: two\n\n");
			}).subscribeOn(Schedulers.boundedElastic());
			return response.writeAndFlushWith(Flux.just(first, second));
		});
		HttpResponse<InputStream> response = client.send(request("/events", "gzip").build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		try (InputStream events = new GZIPInputStream(response.body())) {
			assertThat(readUntil(events, "data: one\n\n")).isEqualTo("data: one\n\n");
			firstSeen.countDown();
			assertThat(new String(events.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: two\n\n");
		}
	}

	/**
	 * Byte by byte (a Reader would wait for more: GZIPInputStream says bytes are
	 * available until its end).
	 */
	private static String readUntil(InputStream in, String end) throws IOException {
		StringBuilder text = new StringBuilder();
		while (!text.toString().endsWith(end)) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			text.append((char) b);
		}
		return text.toString();
	}

	private void start(HttpHandler handler) {
		WebservReactiveWebServerFactory factory = new WebservReactiveWebServerFactory(0);
		Compression compression = new Compression();
		compression.setEnabled(true);
		compression.setMimeTypes(new String[] { "text/plain", "application/json", "text/event-stream" });
		compression.setMinResponseSize(DataSize.ofBytes(1024));
		factory.setCompression(compression);
		webServer = factory.getWebServer(handler);
		webServer.start();
	}

	private static HttpHandler text(String type, String body, boolean withLength) {
		return (request, response) -> {
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, type);
			if (withLength) {
				response.getHeaders().setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
			}
			return response.writeWith(Mono.fromSupplier(() -> buffer(response.bufferFactory(), body)));
		};
	}

	private static DataBuffer buffer(org.springframework.core.io.buffer.DataBufferFactory factory, String text) {
		return factory.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private HttpRequest.Builder request(String path, String acceptEncoding) {
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + webServer.getPort() + path))
			.timeout(Duration.ofSeconds(20));
		return acceptEncoding != null ? builder.header("Accept-Encoding", acceptEncoding) : builder;
	}

	private HttpResponse<byte[]> get(String path, String acceptEncoding) throws IOException, InterruptedException {
		return client.send(request(path, acceptEncoding).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String gunzip(byte[] body) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
