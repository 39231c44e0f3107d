package dev.webserv.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

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
 * The demo's Actuator, served by webserv on the public server, as docs/metrics.md
 * describes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "demo.admin-port=0")
class DemoActuatorTests {

	@TempDir
	static Path uploads;

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.shared();

	@LocalServerPort
	int port;

	@Value("${local.webserv.servers.admin.port}")
	int adminPort;

	@DynamicPropertySource
	static void uploadDirectory(DynamicPropertyRegistry registry) {
		registry.add("demo.upload-dir", uploads::toString);
	}

	@Test
	void healthShowsWebservAndTheProbeGroups() throws Exception {
		JsonNode health = json.readTree(get(port, "/actuator/health").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode webserv = health.get("components").get("webserv");
		assertThat(webserv.get("status").asString()).isEqualTo("UP");
		assertThat(webserv.get("details").get("listeners").toString()).contains("127.0.0.1:" + port)
			.contains("127.0.0.1:" + adminPort);
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void theWebservEndpointListsEveryListener() throws Exception {
		JsonNode listeners = json.readTree(get(port, "/actuator/webserv").body()).get("listeners");
		assertThat(listeners).hasSize(3);
		assertThat(listeners.get(0).get("servers").toString()).isEqualTo("[\"public\"]");
		assertThat(listeners.get(1).get("servers").toString()).isEqualTo("[\"secure\"]");
		assertThat(listeners.get(2).get("servers").toString()).isEqualTo("[\"admin\"]");
		assertThat(listeners.get(2).get("port").asInt()).isEqualTo(adminPort);
	}

	@Test
	void actuatorIsOnThePublicServerOnly() throws Exception {
		assertThat(get(adminPort, "/actuator/health").statusCode()).isEqualTo(404);
		assertThat(get(port, "/actuator").body()).contains("/actuator/prometheus").contains("/actuator/webserv");
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
