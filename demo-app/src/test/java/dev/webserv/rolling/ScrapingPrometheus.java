package dev.webserv.rolling;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webserv.demo.PrometheusTools;

/**
 * A real Prometheus server (Debian package {@code prometheus}) scraping every instance's
 * /actuator/prometheus on its management port, once a second, as one job: Prometheus's
 * own {@code instance} label tells them apart.
 */
final class ScrapingPrometheus implements AutoCloseable {

	private static final String REQUESTS_BY_INSTANCE = "sum by (instance) "
			+ "(http_server_requests_seconds_count{job=\"webserv-rolling\"})";

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private final int instances;

	private ScrapingPrometheus(Process process, int port, Path log, int instances) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.instances = instances;
	}

	static ScrapingPrometheus start(Path directory, List<Instance> instances) throws IOException {
		Path binary = PrometheusTools.require("prometheus");
		String targets = instances.stream()
			.map(instance -> "\"127.0.0.1:" + instance.managementPort() + "\"")
			.collect(Collectors.joining(", "));
		Path config = directory.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: webserv-rolling
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: [%s]
				""".formatted(targets));
		int port = RollingRestartTests.freePort();
		Path log = directory.resolve("prometheus.log");
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new ScrapingPrometheus(process, port, log, instances.size());
	}

	/**
	 * The {@code instance} labels of the request-count series, once there is one per
	 * instance (within 60 s).
	 */
	List<String> requestCountInstances() throws Exception {
		URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
				+ URLEncoder.encode(REQUESTS_BY_INSTANCE, StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		List<String> seen = List.of();
		String last = "no answer";
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				last = response.statusCode() + " " + response.body();
				if (response.statusCode() == 200) {
					seen = instanceLabels(response.body());
					if (seen.size() >= instances) {
						return seen;
					}
				}
			}
			catch (IOException starting) {
				last = "Prometheus not answering yet: " + starting;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Prometheus had " + seen + " for " + REQUESTS_BY_INSTANCE
				+ " after 60 s; last answer: " + last + "\nlog:\n" + (Files.exists(log) ? Files.readString(log) : ""));
	}

	private static List<String> instanceLabels(String body) {
		List<String> labels = new ArrayList<>();
		JsonNode result = JsonMapper.shared().readTree(body).get("data").get("result");
		result.forEach(series -> labels.add(series.get("metric").get("instance").asString()));
		return labels;
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(10, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
