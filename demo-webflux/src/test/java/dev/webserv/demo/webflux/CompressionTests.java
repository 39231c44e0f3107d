package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * server.compression on the demo's JSON, the same checks on webserv
 * ({@link CompressionOnWebservTests}) and on Reactor Netty
 * ({@link CompressionOnReactorNettyTests}), with the JDK client decoding gzip itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "server.compression.enabled=true", "server.compression.min-response-size=1B" })
abstract class CompressionTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void jsonIsGzippedForAClientThatAcceptsItAndSentAsItIsOtherwise() throws Exception {
		HttpResponse<byte[]> identity = get("identity");
		HttpResponse<byte[]> refused = get("gzip;q=0");
		HttpResponse<byte[]> gzipped = get("gzip");
		assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		String json = new String(identity.body(), StandardCharsets.UTF_8);
		assertThat(json).startsWith("[");
		assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo(json);
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(json);
		}
	}

	private HttpResponse<byte[]> get(String acceptEncoding) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/items"))
			.header("Accept-Encoding", acceptEncoding)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
