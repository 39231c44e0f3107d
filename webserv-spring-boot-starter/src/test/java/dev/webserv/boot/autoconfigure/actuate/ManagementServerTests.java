package dev.webserv.boot.autoconfigure.actuate;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;
import dev.webserv.boot.autoconfigure.metrics.TestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Where Actuator is served: the base path, a management port of its own, or nowhere. */
class ManagementServerTests {

	@Test
	void aManagementPortGetsAListenerOfItsOwnWithOnlyTheEndpoints() {
		try (ConfigurableApplicationContext context = run("management.server.port=0",
				"management.server.address=127.0.0.1", "management.server.base-path=/admin")) {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			int managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class);
			assertThat(managementPort).isPositive().isNotEqualTo(port);
			HttpResponse<String> health = TestClient.get(managementPort, "/admin/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(TestClient.get(managementPort, "/admin/actuator").body())
				.contains("http://127.0.0.1:" + managementPort + "/admin/actuator/health");
			assertThat(TestClient.get(managementPort, "/hello").statusCode()).isEqualTo(404);
			assertThat(TestClient.get(port, "/admin/actuator/health").statusCode()).isEqualTo(404);
			assertThat(TestClient.get(port, "/actuator/health").statusCode()).isEqualTo(404);
			assertThat(TestClient.get(port, "/hello").body()).isEqualTo("hello");
			JsonNode listeners = JsonMapper.shared()
				.readTree(TestClient.get(managementPort, "/admin/actuator/webserv").body())
				.get("listeners");
			assertThat(listeners).hasSize(2);
			assertThat(listeners.get(1).get("port").asInt()).isEqualTo(managementPort);
		}
	}

	@Test
	void theBasePathIsTheActuatorsSetting() {
		try (ConfigurableApplicationContext context = run("management.endpoints.web.base-path=/manage")) {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			assertThat(TestClient.get(port, "/manage/health").statusCode()).isEqualTo(200);
			assertThat(TestClient.get(port, "/manage").body()).contains("/manage/webserv");
			assertThat(TestClient.get(port, "/actuator/health").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void anEndpointThatIsNotExposedIsNotServed() {
		try (ConfigurableApplicationContext context = run("management.endpoints.web.exposure.include=health",
				"management.endpoints.web.exposure.exclude=webserv")) {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			assertThat(TestClient.get(port, "/actuator/health").statusCode()).isEqualTo(200);
			assertThat(TestClient.get(port, "/actuator/webserv").statusCode()).isEqualTo(404);
			assertThat(TestClient.get(port, "/actuator/prometheus").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void aNegativeManagementPortServesNoEndpoint() {
		try (ConfigurableApplicationContext context = run("management.server.port=-1")) {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			assertThat(TestClient.get(port, "/actuator/health").statusCode()).isEqualTo(404);
			assertThat(TestClient.get(port, "/actuator").statusCode()).isEqualTo(404);
			assertThat(context.getEnvironment().getProperty("local.management.port")).isNull();
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(ManagedApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off", "management.metrics.use-global-registry=false",
					"management.endpoints.web.exposure.include=health,webserv,prometheus")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ManagedApp {

		@Bean
		Routes helloRoutes() {
			return Routes.builder().get("/hello", request -> "hello").build();
		}

	}

}
