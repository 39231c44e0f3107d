package dev.webserv.boot.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * webserv.servers[].access-log and .compression (and Boot's server.compression) reach the
 * core: lines are written, bodies gzipped, bad values name their property.
 */
class AccessLogAndCompressionTests {

	private static final String TEXT = "hello compressed world, ".repeat(200);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	private final HttpClient client = HttpClient.newHttpClient();

	@TempDir
	Path dir;

	@Test
	void writesTheAccessLogAndCompressesPerServerAndLocation() throws Exception {
		Files.writeString(dir.resolve("page.txt"), TEXT);
		Files.createDirectory(dir.resolve("raw"));
		Files.writeString(dir.resolve("raw/page.txt"), TEXT);
		Path log = dir.resolve("access.log");
		runner
			.withPropertyValues("webserv.servers[0].root=" + dir, "webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[1].path=/raw/",
					"webserv.servers[0].locations[1].compression.enabled=false",
					"webserv.servers[0].access-log.enabled=true", "webserv.servers[0].access-log.path=" + log,
					"webserv.servers[0].access-log.format=$status $request_method $uri",
					"webserv.servers[0].compression.enabled=true", "webserv.servers[0].compression.types=text/*")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				HttpResponse<byte[]> zipped = get(port, "/page.txt");
				assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
				assertThat(gunzip(zipped.body())).isEqualTo(TEXT);
				HttpResponse<byte[]> plain = get(port, "/raw/page.txt");
				assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
				assertThat(awaitLines(log, 2)).containsExactly("200 GET /page.txt", "200 GET /raw/page.txt");
				io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
				new dev.webserv.boot.autoconfigure.metrics.WebservMeterBinder(
						() -> context.getBean(WebservWebServer.class).getWebserv())
					.bindTo(registry);
				assertThat(registry.get("webserv.access.log.dropped").functionCounter().count()).isZero();
			});
	}

	@Test
	void bootsServerCompressionAppliesToTheServerOnServerPort() throws Exception {
		Files.writeString(dir.resolve("page.txt"), TEXT);
		runner
			.withPropertyValues("server.compression.enabled=true", "server.compression.mime-types=text/plain",
					"server.compression.min-response-size=1KB", "webserv.servers[0].root=" + dir,
					"webserv.servers[0].locations[0].path=/")
			.run(context -> {
				assertThat(context).hasNotFailed();
				int port = context.getBean(WebservWebServer.class).getPort();
				HttpResponse<byte[]> zipped = get(port, "/page.txt");
				assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
				assertThat(gunzip(zipped.body())).isEqualTo(TEXT);
			});
	}

	@Test
	void badValuesNameTheirProperty() {
		runner
			.withPropertyValues("webserv.servers[0].access-log.enabled=true",
					"webserv.servers[0].access-log.format=$status $upstream_addr")
			.run(failsNaming("webserv.servers[0].access-log.format", "$upstream_addr"));
		runner.withPropertyValues("webserv.servers[0].compression.level=10")
			.run(failsNaming("webserv.servers[0].compression.level", "1-9"));
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[0].compression.types=text/html,html")
			.run(failsNaming("webserv.servers[0].locations[0].compression.types", "'html'"));
	}

	static org.springframework.boot.test.context.runner.ContextConsumer<org.springframework.boot.test.context.assertj.AssertableApplicationContext> failsNaming(
			String... fragments) {
		return context -> {
			assertThat(context).hasFailed();
			Throwable match = context.getStartupFailure();
			while (match != null && !(match instanceof InvalidConfigurationPropertyValueException)) {
				match = match.getCause();
			}
			assertThat(match).as("cause of %s", context.getStartupFailure()).isNotNull();
			assertThat(match.getMessage()).contains(fragments);
		};
	}

	private HttpResponse<byte[]> get(int port, String path) throws IOException, InterruptedException {
		return client.send(Http.request(port, path).header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String gunzip(byte[] body) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static List<String> awaitLines(Path log, int count) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		List<String> lines = List.of();
		while (System.nanoTime() < deadline) {
			lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
			if (lines.size() >= count) {
				break;
			}
			Thread.sleep(20);
		}
		return lines;
	}

}
