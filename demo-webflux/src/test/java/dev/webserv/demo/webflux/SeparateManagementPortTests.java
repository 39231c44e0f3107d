package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code management.server.port}: Boot runs Actuator in a child context with a server of
 * its own, made by the main server's factory. Run on webserv and on Reactor Netty.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@DirtiesContext
abstract class SeparateManagementPortTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void actuatorAnswersOnTheManagementPortOnly() throws Exception {
		assertThat(managementPort).isPositive().isNotEqualTo(port);
		HttpResponse<String> health = get(managementPort, "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(404);
		assertThat(get(port, "/api/hello").statusCode()).isEqualTo(200);
		assertThat(get(managementPort, "/actuator/prometheus").body()).contains("http_server_requests_seconds_count");
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
