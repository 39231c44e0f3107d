package dev.webserv.demo;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Finds the Prometheus binaries (Debian package {@code prometheus}: {@code prometheus},
 * {@code promtool}) on the PATH. Under CI ({@code CI} set), where .ci/run installs the
 * package, a missing binary fails the test; on a developer's machine without it, the test
 * is skipped with the command that installs it.
 */
public final class PrometheusTools {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusTools() {
	}

	public static Path require(String name) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String message = name + " is not on the PATH: install the Debian package 'prometheus' "
				+ "(apt-get install -y prometheus; .ci/run does this before the build)";
		if (System.getenv("CI") != null) {
			fail(message);
		}
		Assumptions.abort(message);
		return null;
	}

	/**
	 * A Prometheus server on 127.0.0.1:{@code port} with this configuration, its data
	 * under {@code directory}, its output in {@code log}.
	 */
	public static Process startServer(Path config, Path directory, int port, Path log) throws IOException {
		return new ProcessBuilder(require("prometheus").toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	/**
	 * Queries Prometheus (every 250 ms, for up to 60 s) until an answer is accepted; that
	 * answer's JSON.
	 */
	public static String await(int port, String expression, Predicate<String> accepted, Path log) throws Exception {
		URI query = query(port, expression);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		String last = "no answer";
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = CLIENT.send(
						HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				last = response.statusCode() + " " + response.body();
				if (response.statusCode() == 200 && accepted.test(response.body())) {
					return response.body();
				}
			}
			catch (IOException starting) {
				last = "Prometheus not answering yet: " + starting;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Prometheus had no accepted result for " + expression + " within 60 s; last answer: "
				+ last + "\ntargets: " + targets(port) + "\nlog:\n" + (Files.exists(log) ? Files.readString(log) : ""));
	}

	public static URI query(int port, String expression) {
		return URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
				+ URLEncoder.encode(expression, StandardCharsets.UTF_8));
	}

	private static String targets(int port) {
		try {
			return CLIENT
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException | InterruptedException e) {
			return e.toString();
		}
	}

}
