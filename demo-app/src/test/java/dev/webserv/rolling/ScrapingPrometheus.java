package dev.webserv.rolling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
		Process process = PrometheusTools.startServer(config, directory, port, log);
		return new ScrapingPrometheus(process, port, log, instances.size());
	}

	/**
	 * The {@code instance} labels of the request-count series, once there is one per
	 * instance (within 60 s).
	 */
	List<String> requestCountInstances() throws Exception {
		return instanceLabels(PrometheusTools.await(port, REQUESTS_BY_INSTANCE,
				body -> instanceLabels(body).size() >= instances, log));
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
