package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.config.Limits;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Bodies past the memory threshold go to a temporary file, whole and intact, deleted
 * after the exchange.
 */
class RequestBodyTest {

	private final AtomicReference<Path> lastFile = new AtomicReference<>();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.route("POST", "/digest", r -> {
			if (r.body().inFile()) {
				lastFile.set(r.body().file());
			}
			try (var in = r.body().stream()) {
				MessageDigest sha = MessageDigest.getInstance("SHA-256");
				byte[] buffer = new byte[8192];
				int read;
				while ((read = in.read(buffer)) > 0) {
					sha.update(buffer, 0, read);
				}
				return Response
					.ok(r.body().length() + " " + r.body().inFile() + " " + HexFormat.of().formatHex(sha.digest()));
			}
		}), config -> config.limits(Limits.DEFAULTS.withMaxBodySize(64L << 20)));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void keepsASmallBodyInMemory() throws Exception {
		byte[] body = randomBytes(1000);
		assertThat(post(body)).isEqualTo("1000 false " + sha256(body));
	}

	@Test
	void spoolsALargeBodyToATemporaryFileAndDeletesIt() throws Exception {
		byte[] body = randomBytes(20 << 20);
		assertThat(post(body)).isEqualTo((20 << 20) + " true " + sha256(body));
		Path file = lastFile.get();
		assertThat(file).isNotNull();
		Await.until(Duration.ofSeconds(5), "the spooled body deleted", () -> !Files.exists(file));
		assertThat(file).doesNotExist();
	}

	@Test
	void spoolsALargeChunkedBody() throws Exception {
		byte[] body = randomBytes(3 << 20);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /digest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
			for (int offset = 0; offset < body.length; offset += 100_000) {
				int length = Math.min(100_000, body.length - offset);
				raw.send(Integer.toHexString(length) + "\r\n");
				raw.send(java.util.Arrays.copyOfRange(body, offset, offset + length));
				raw.send("\r\n");
			}
			raw.send("0\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo((3 << 20) + " true " + sha256(body));
		}
	}

	private String post(byte[] body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(TestServers.uri(server, "/digest"))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
