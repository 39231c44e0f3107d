package dev.webserv.boot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * management.server.ssl.* on a management port of its own, with webserv serving Actuator
 * in a plain (non-web) application: HTTPS on the management port with its own bundle
 * while server.port stays plain; without it the management port shares server.ssl, as
 * Boot's management servers do; enabled=false keeps it plain; a missing bundle fails
 * start-up naming the property. Real HTTPS clients trusting keys made at test time.
 */
class ManagementSslTests {

	@TempDir
	static Path dir;

	private static Path main;

	private static Path management;

	@BeforeAll
	static void keyStores() throws Exception {
		main = TestKeyStores.create(dir.resolve("main.p12"), "main");
		management = TestKeyStores.create(dir.resolve("management.p12"), "management");
	}

	@Test
	void managementSslServesTheManagementPortOverHttpsAndLeavesServerPortPlain() throws Exception {
		try (ConfigurableApplicationContext context = run("management.server.ssl.bundle=management")) {
			int managementPort = port(context, "local.management.port");
			HttpResponse<String> health = get(trusting(management), "https", managementPort, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(subject(health)).isEqualTo("CN=management");
			assertThat(get(trusting(management), "https", managementPort, "/actuator").body())
				.contains("https://localhost:" + managementPort + "/actuator/health");
			assertThat(get(HttpClient.newHttpClient(), "http", managementPort, "/actuator/health").statusCode())
				.as("plain HTTP on the management port")
				.isEqualTo(400);
			assertThat(get(HttpClient.newHttpClient(), "http", port(context, "local.server.port"), "/actuator/health")
				.statusCode()).as("server.port: plain, without Actuator").isEqualTo(404);
		}
	}

	@Test
	void withoutManagementSslTheManagementPortSharesServerSsl() throws Exception {
		try (ConfigurableApplicationContext context = run("server.ssl.bundle=main")) {
			HttpResponse<String> health = get(trusting(main), "https", port(context, "local.management.port"),
					"/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(subject(health)).isEqualTo("CN=main");
			assertThat(
					get(trusting(main), "https", port(context, "local.server.port"), "/actuator/health").statusCode())
				.isEqualTo(404);
		}
	}

	@Test
	void managementSslDisabledKeepsTheManagementPortPlain() throws Exception {
		try (ConfigurableApplicationContext context = run("server.ssl.bundle=main",
				"management.server.ssl.enabled=false")) {
			assertThat(
					get(HttpClient.newHttpClient(), "http", port(context, "local.management.port"), "/actuator/health")
						.statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void aMissingManagementBundleFailsStartUpNamingTheProperty() {
		assertThatThrownBy(() -> run("management.server.ssl.bundle=nowhere").close())
			.hasStackTraceContaining("management.server.ssl.bundle")
			.hasStackTraceContaining("nowhere");
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(ManagedApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "management.server.port=0",
					"management.server.address=127.0.0.1", "webserv.io-threads=1", "spring.main.banner-mode=off",
					"management.metrics.use-global-registry=false", "management.endpoints.web.exposure.include=health")
			.properties(bundle("main", main))
			.properties(bundle("management", management))
			.properties(properties)
			.run();
	}

	private static String[] bundle(String name, Path store) {
		String prefix = "spring.ssl.bundle.jks." + name + ".keystore.";
		return new String[] { prefix + "location=" + store.toUri(), prefix + "password=" + TestKeyStores.PASSWORD };
	}

	private static int port(ConfigurableApplicationContext context, String property) {
		return context.getEnvironment().getRequiredProperty(property, Integer.class);
	}

	private static HttpClient trusting(Path store) throws Exception {
		SSLContext context = TestKeyStores.trusting(store);
		return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
	}

	private static HttpResponse<String> get(HttpClient client, String scheme, int port, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String subject(HttpResponse<?> response) throws Exception {
		return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
			.getSubjectX500Principal()
			.getName();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ManagedApp {

	}

}
