package dev.webserv.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's /actuator/prometheus as Prometheus sees it: the scrape passes
 * {@code promtool check metrics}, and a real Prometheus server on loopback scrapes the
 * demo and answers queries for webserv's connection, request and TLS series through its
 * HTTP API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "demo.admin-port=0", "demo.https-port=0" })
class PrometheusScrapeTests {

	/** What Prometheus 2.x sends: OpenMetrics first, then the text format. */
	private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
			+ "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

	/**
	 * Lint findings of meters that Micrometer and Boot register, not webserv (JVM and
	 * system binders).
	 */
	private static final Set<String> FOREIGN_LINT = Set.of("jvm_compilation_time_ms_total", "process_cpu_time_ns_total",
			"system_cpu_count");

	/** The dashboard, from the repository root (tests run in demo-app/). */
	private static final Path DASHBOARD = Path.of("..", "grafana", "webserv-dashboard.json");

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path uploads;

	@TempDir
	Path work;

	@LocalServerPort
	int port;

	@Value("${local.webserv.servers.secure.port}")
	int securePort;

	@DynamicPropertySource
	static void uploadDirectory(DynamicPropertyRegistry registry) {
		registry.add("demo.upload-dir", uploads::toString);
	}

	@Test
	void theScrapeCarriesWebservAndRequestSeriesAndPassesPromtool() throws Exception {
		Path promtool = PrometheusTools.require("promtool");
		traffic();
		HttpResponse<String> scrape = get(port, "/actuator/prometheus", null);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain;version=0.0.4;charset=utf-8");
		String listener = "listener=\"127.0.0.1:" + port + "\"";
		assertThat(scrape.body())
			.contains("webserv_connections_accepted_connections_total{application=\"webserv-demo\"," + listener + "}")
			.contains("webserv_connections_active_connections{application=\"webserv-demo\"," + listener + "}")
			.contains("webserv_bytes_sent_bytes_total{")
			.contains("webserv_requests_active_requests{")
			.contains("webserv_eventloop_keys_per_wakeup{")
			.contains(
					"http_server_requests_seconds_count{application=\"webserv-demo\",error=\"none\",exception=\"none\","
							+ "method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/users/{id}\"}")
			.contains("http_server_requests_seconds_bucket{")
			.doesNotContain("uri=\"/api/users/42\"");

		HttpResponse<String> openMetrics = get(port, "/actuator/prometheus", PROMETHEUS_ACCEPT);
		assertThat(openMetrics.headers().firstValue("Content-Type"))
			.hasValue("application/openmetrics-text;version=1.0.0;charset=utf-8");
		assertThat(openMetrics.body()).contains("# TYPE webserv_connections_accepted_connections counter")
			.endsWith("# EOF\n");

		PromtoolResult all = promtool(promtool, scrape.body());
		assertThat(all.errors()).as("promtool errors").isEmpty();
		assertThat(all.lintedNames()).as("metrics promtool finds fault with").isSubsetOf(FOREIGN_LINT);

		HttpResponse<String> webservOnly = get(port,
				"/actuator/prometheus?includedNames=" + String.join(",", webservSeries(scrape.body())), null);
		PromtoolResult ours = promtool(promtool, webservOnly.body());
		assertThat(ours.exitCode()).as("promtool on webserv's series alone:\n" + ours.output()).isZero();
	}

	@Test
	void aPrometheusServerScrapesTheDemoAndAnswersForItsSeries() throws Exception {
		PrometheusTools.require("prometheus");
		traffic();
		int prometheusPort = freePort();
		Path config = work.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: webserv-demo
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(port));
		Path log = work.resolve("prometheus.log");
		Process process = PrometheusTools.startServer(config, work, prometheusPort, log);
		try {
			String accepted = awaitSeries(prometheusPort, "webserv_connections_accepted_connections_total", log);
			assertThat(accepted).contains("\"job\":\"webserv-demo\"")
				.contains("\"listener\":\"127.0.0.1:" + port + "\"");
			assertThat(awaitSeries(prometheusPort, "webserv_connections_active_connections", log))
				.contains("\"application\":\"webserv-demo\"");
			String requests = awaitSeries(prometheusPort,
					"http_server_requests_seconds_count{uri=\"/api/users/{id}\",status=\"200\"}", log);
			assertThat(requests).contains("\"method\":\"GET\"").contains("\"outcome\":\"SUCCESS\"");
			assertThat(awaitSeries(prometheusPort, "up{job=\"webserv-demo\"} == 1", log)).contains("\"value\"");
			dashboardQueriesRun(prometheusPort, log);
		}
		finally {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * Every query of grafana/webserv-dashboard.json, its variables filled in, is valid
	 * PromQL for this Prometheus; the request-rate and connection panels show the demo's
	 * traffic.
	 */
	private static void dashboardQueriesRun(int prometheusPort, Path log) throws Exception {
		List<String> expressions = dashboardExpressions().stream()
			.map(expression -> expression.replace("$application", ".*")
				.replace("$instance", ".*")
				.replace("$__rate_interval", "1m"))
			.toList();
		assertThat(expressions).hasSizeGreaterThan(20);
		for (String expression : expressions) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(query(prometheusPort, expression)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).as(expression).contains("\"status\":\"success\"");
		}
		assertThat(awaitSeries(prometheusPort, expressions.stream()
			.filter(expression -> expression.startsWith("sum by (status) (rate(http_server_requests_seconds_count"))
			.findFirst()
			.orElseThrow(), log)).contains("\"status\":\"200\"");
		assertThat(awaitSeries(prometheusPort,
				expressions.stream()
					.filter(expression -> expression.contains("webserv_tls_handshakes_seconds_count"))
					.findFirst()
					.orElseThrow(),
				log))
			.contains("\"protocol\":\"TLSv1.3\"");
		assertThat(awaitSeries(prometheusPort,
				expressions.stream()
					.filter(expression -> expression.contains("webserv_tls_handshake_failures_total"))
					.findFirst()
					.orElseThrow(),
				log))
			.contains("\"reason\":\"plain_http\"");
	}

	private static List<String> dashboardExpressions() throws IOException {
		JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(DASHBOARD));
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			if (panel.has("targets")) {
				panel.get("targets").forEach(target -> expressions.add(target.get("expr").asString()));
			}
		}
		return expressions;
	}

	/** Every metric name the dashboard queries is one the demo exposes. */
	@Test
	void theDashboardQueriesOnlySeriesTheDemoExposes() throws Exception {
		traffic();
		String scrape = get(port, "/actuator/prometheus", null).body();
		Set<String> queried = new TreeSet<>();
		Pattern name = Pattern.compile("\\b((?:webserv|http_server_requests)_[a-z_]+)\\b");
		for (String expression : dashboardExpressions()) {
			Matcher names = name.matcher(expression);
			while (names.find()) {
				queried.add(names.group(1));
			}
		}
		assertThat(queried).contains("webserv_connections_active_connections", "http_server_requests_seconds_bucket",
				"webserv_timeouts_total", "webserv_parse_errors_total", "webserv_bytes_sent_bytes_total",
				"webserv_tls_handshakes_seconds_bucket", "webserv_tls_handshake_failures_total");
		Set<String> exposed = webservSeries(scrape);
		// counters that only appear once their first event happens
		exposed.addAll(Set.of("webserv_timeouts_total", "webserv_parse_errors_total", "webserv_handler_errors_total"));
		assertThat(exposed).containsAll(queried);
	}

	/**
	 * Requests the demo answers, so request series exist; one keep-alive connection is
	 * closed to count bytes; one HTTPS request and one plain request to the HTTPS port,
	 * so the TLS handshake and failure series exist.
	 */
	private void traffic() throws Exception {
		HttpResponse<String> secure = HttpClient.newBuilder()
			.sslContext(DemoCertificate.trustingIt())
			.build()
			.send(HttpRequest.newBuilder(URI.create("https://localhost:" + securePort + "/"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(secure.statusCode()).isEqualTo(200);
		assertThat(get(securePort, "/", null).statusCode()).as("plain HTTP on the HTTPS port").isEqualTo(400);
		assertThat(get(port, "/api/users/42", null).statusCode()).isEqualTo(200);
		assertThat(get(port, "/api/hello", null).statusCode()).isEqualTo(200);
		assertThat(get(port, "/no/such/page", null).statusCode()).isEqualTo(404);
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /api/hello HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			socket.getInputStream().readAllBytes();
		}
	}

	/** Queries Prometheus until the expression has a result; the JSON of the result. */
	private static String awaitSeries(int prometheusPort, String expression, Path log) throws Exception {
		return PrometheusTools.await(prometheusPort, expression, body -> !body.contains("\"result\":[]"), log);
	}

	private static URI query(int prometheusPort, String expression) {
		return PrometheusTools.query(prometheusPort, expression);
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The names of webserv's and http.server.requests' series in a text-format scrape.
	 */
	private static Set<String> webservSeries(String scrape) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("(?m)^((?:webserv|http_server_requests)_[a-z_]+)[{ ]").matcher(scrape);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private record PromtoolResult(int exitCode, String output, List<String> errors, Set<String> lintedNames) {
	}

	/**
	 * Pipes a scrape through {@code promtool check metrics}: exit 1 means errors, 3 lint
	 * findings.
	 */
	private static PromtoolResult promtool(Path promtool, String scrape) throws Exception {
		Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(scrape.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		List<String> errors = new ArrayList<>();
		Set<String> linted = new TreeSet<>();
		for (String line : output.lines().toList()) {
			if (line.startsWith("error") || line.contains("error while linting")) {
				errors.add(line);
			}
			else if (!line.isBlank()) {
				linted.add(line.split(" ")[0]);
			}
		}
		return new PromtoolResult(process.exitValue(), output, errors, linted);
	}

	private static HttpResponse<String> get(int port, String path, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
