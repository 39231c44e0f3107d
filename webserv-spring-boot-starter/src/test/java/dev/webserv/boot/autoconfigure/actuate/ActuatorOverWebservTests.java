package dev.webserv.boot.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;
import dev.webserv.boot.autoconfigure.metrics.TestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator's endpoints served by webserv in a plain (non-web) application, over real
 * HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActuatorOverWebservTests {

	private static final String V3 = "application/vnd.spring-boot.actuator.v3+json";

	private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
			+ "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

	private static final AtomicBoolean healthy = new AtomicBoolean(true);

	private final JsonMapper json = JsonMapper.shared();

	private ConfigurableApplicationContext context;

	private int port;

	private int otherPort;

	@BeforeAll
	void start() {
		context = new SpringApplicationBuilder(ActuatorApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off", "management.metrics.use-global-registry=false",
					"webserv.servers[0].name=main", "webserv.servers[1].name=other",
					"webserv.servers[1].listen[0]=127.0.0.1:0", "management.endpoints.web.exposure.include=*",
					"management.endpoint.health.show-details=always", "management.info.env.enabled=true",
					"info.app.name=actuator-test", "management.endpoint.health.group.custom.include=webserv,toggle",
					"management.endpoint.health.group.custom.show-components=always")
			.run();
		port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		otherPort = context.getEnvironment().getProperty("local.webserv.servers.other.port", Integer.class);
	}

	@AfterAll
	void stop() {
		context.close();
	}

	@Test
	void theDiscoveryPageLinksEveryOperationFromTheAddressTheClientUsed() {
		HttpResponse<String> response = TestClient.get(port, "/actuator");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(V3);
		JsonNode links = json.readTree(response.body()).get("_links");
		assertThat(links.get("self").get("href").asString()).isEqualTo("http://127.0.0.1:" + port + "/actuator");
		assertThat(links.get("health-path").get("href").asString())
			.isEqualTo("http://127.0.0.1:" + port + "/actuator/health/{*path}");
		assertThat(links.get("health-path").get("templated").asBoolean()).isTrue();
		assertThat(links.properties()).extracting(Map.Entry::getKey)
			.contains("health", "info", "metrics", "prometheus", "webserv", "loggers", "echo");
	}

	@Test
	void healthAnswersWithItsGroupsAndComponents() {
		HttpResponse<String> response = TestClient.get(port, "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = json.readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("groups").toString()).contains("liveness", "readiness");
		assertThat(health.get("components").get("webserv").get("status").asString()).isEqualTo("UP");
		assertThat(TestClient.get(port, "/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(TestClient.get(port, "/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(json.readTree(TestClient.get(port, "/actuator/health/webserv").body())
			.get("details")
			.get("state")
			.asString()).isEqualTo("RUNNING");
	}

	@Test
	void healthPathsGoSeveralSegmentsDeepAndAnUnknownOneIsNotFound() {
		HttpResponse<String> component = TestClient.get(port, "/actuator/health/custom/webserv");
		assertThat(component.statusCode()).isEqualTo(200);
		assertThat(json.readTree(component.body()).get("details").get("state").asString()).isEqualTo("RUNNING");
		assertThat(TestClient.get(port, "/actuator/health/nothing").statusCode()).isEqualTo(404);
		assertThat(TestClient.get(port, "/actuator/health/custom/nothing").statusCode()).isEqualTo(404);
	}

	@Test
	void aDownComponentAnswers503() {
		healthy.set(false);
		try {
			HttpResponse<String> response = TestClient.get(port, "/actuator/health");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("DOWN");
			assertThat(TestClient.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
		finally {
			healthy.set(true);
		}
	}

	@Test
	void jsonIsNegotiatedFromAccept() {
		assertThat(TestClient.get(port, "/actuator/health", "Accept", "application/json")
			.headers()
			.firstValue("Content-Type")).hasValue("application/json");
		assertThat(TestClient.get(port, "/actuator/health", "Accept", "application/vnd.spring-boot.actuator.v2+json")
			.headers()
			.firstValue("Content-Type")).hasValue("application/vnd.spring-boot.actuator.v2+json");
		assertThat(TestClient.get(port, "/actuator/health", "Accept", "*/*").headers().firstValue("Content-Type"))
			.hasValue(V3);
	}

	@Test
	void prometheusAnswersTextOrOpenMetricsAsAsked() {
		HttpResponse<String> text = TestClient.get(port, "/actuator/prometheus");
		assertThat(text.statusCode()).isEqualTo(200);
		assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain;version=0.0.4;charset=utf-8");
		assertThat(text.body()).contains("# TYPE webserv_connections_accepted_connections_total counter")
			.contains("webserv_connections_active_connections{listener=\"127.0.0.1:" + port + "\"}");
		HttpResponse<String> openMetrics = TestClient.get(port, "/actuator/prometheus", "Accept", PROMETHEUS_ACCEPT);
		assertThat(openMetrics.headers().firstValue("Content-Type"))
			.hasValue("application/openmetrics-text;version=1.0.0;charset=utf-8");
		assertThat(openMetrics.body()).endsWith("# EOF\n");
		HttpResponse<String> some = TestClient.get(port,
				"/actuator/prometheus?includedNames=webserv_connections_max_connections");
		assertThat(some.body().lines().filter(line -> !line.startsWith("#")))
			.containsExactly("webserv_connections_max_connections 10000.0");
	}

	@Test
	void anAcceptNoOperationCanProduceIs406() {
		HttpResponse<String> response = TestClient.get(port, "/actuator/prometheus", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(response.body()).contains("\"status\":406");
		assertThat(TestClient.get(port, "/actuator/health", "Accept", "text/html").statusCode()).isEqualTo(406);
		assertThat(TestClient.get(port, "/actuator", "Accept", "image/png").statusCode()).isEqualTo(406);
	}

	@Test
	void aWrongMethodIs405WithAllow() {
		HttpResponse<String> response = TestClient.send("POST", port, "/actuator/health", null, null);
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
		assertThat(TestClient.send("DELETE", port, "/actuator/prometheus", null, null).statusCode()).isEqualTo(405);
	}

	@Test
	void aMissingOrMalformedParameterIs400() {
		HttpResponse<String> missing = TestClient.get(port, "/actuator/echo");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("text");
		assertThat(TestClient.get(port, "/actuator/echo?text=hi").body()).isEqualTo("hi");
		assertThat(TestClient.get(port, "/actuator/metrics/webserv.connections.active?tag=nocolon").statusCode())
			.isEqualTo(400);
	}

	@Test
	void metricsListsAndDescribesTheWebservMeters() {
		TestClient.get(port, "/actuator/health");
		JsonNode names = json.readTree(TestClient.get(port, "/actuator/metrics").body()).get("names");
		assertThat(names.toString()).contains("webserv.connections.active", "http.server.requests",
				"webserv.requests.active");
		HttpResponse<String> requests = TestClient.get(port,
				"/actuator/metrics/http.server.requests?tag=uri:/actuator/health");
		assertThat(requests.statusCode()).isEqualTo(200);
		assertThat(json.readTree(requests.body()).get("measurements").get(0).get("value").asDouble()).isPositive();
		assertThat(TestClient.get(port, "/actuator/metrics/no.such.meter").statusCode()).isEqualTo(404);
	}

	@Test
	void actuatorRequestsAreTaggedByTheirOperationTemplate() {
		TestClient.get(port, "/actuator/health/liveness");
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(registry.find("http.server.requests").tag("uri", "/actuator/health/{*path}").timer()).isNotNull();
	}

	@Test
	void aWriteOperationTakesAJsonBody() {
		String logger = "/actuator/loggers/dev.webserv.actuatortest";
		HttpResponse<String> set = TestClient.send("POST", port, logger, "application/json",
				"{\"configuredLevel\":\"DEBUG\"}");
		assertThat(set.statusCode()).isEqualTo(204);
		assertThat(json.readTree(TestClient.get(port, logger).body()).get("configuredLevel").asString())
			.isEqualTo("DEBUG");
		assertThat(TestClient.send("POST", port, logger, "text/plain", "DEBUG").statusCode()).isEqualTo(415);
		assertThat(TestClient.send("POST", port, logger, "application/json", "[1]").statusCode()).isEqualTo(400);
	}

	@Test
	void infoAnswersTheApplicationsInfo() {
		assertThat(json.readTree(TestClient.get(port, "/actuator/info").body()).get("app").get("name").asString())
			.isEqualTo("actuator-test");
	}

	@Test
	void theWebservEndpointDescribesListenersConnectionsAndLimits() {
		JsonNode webserv = json.readTree(TestClient.get(port, "/actuator/webserv").body());
		assertThat(webserv.get("state").asString()).isEqualTo("RUNNING");
		JsonNode listeners = webserv.get("listeners");
		assertThat(listeners).hasSize(2);
		assertThat(listeners.get(0).get("port").asInt()).isEqualTo(port);
		assertThat(listeners.get(0).get("address").asString()).isEqualTo("127.0.0.1");
		assertThat(listeners.get(0).get("state").asString()).isEqualTo("OPEN");
		assertThat(listeners.get(0).get("servers").toString()).isEqualTo("[\"main\"]");
		assertThat(listeners.get(1).get("port").asInt()).isEqualTo(otherPort);
		assertThat(webserv.get("connections").get("active").asInt()).isPositive();
		assertThat(webserv.get("connections").get("max").asInt()).isEqualTo(10_000);
		assertThat(webserv.get("limits").get("maxHeaderSize").asInt()).isEqualTo(8192);
		assertThat(webserv.get("timeouts").get("header").asString()).isEqualTo("PT10S");
		assertThat(webserv.get("eventLoops").get("count").asInt()).isEqualTo(1);
	}

	@Test
	void actuatorIsServedOnTheMainServerOnly() {
		assertThat(TestClient.get(otherPort, "/actuator/health").statusCode()).isEqualTo(404);
		assertThat(TestClient.get(otherPort, "/hello").body()).isEqualTo("hello");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ActuatorApp {

		@Bean
		Routes helloRoutes() {
			return Routes.builder().get("/hello", request -> "hello").build();
		}

		@Bean
		HealthIndicator toggleHealthIndicator() {
			return () -> healthy.get() ? Health.up().build() : Health.down().build();
		}

		@Bean
		EchoEndpoint echoEndpoint() {
			return new EchoEndpoint();
		}

	}

	@Endpoint(id = "echo")
	static class EchoEndpoint {

		@ReadOperation
		String echo(String text) {
			return text;
		}

	}

}
