package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code management.server.ssl.*} in a WebFlux application on webserv: Boot's management
 * child context gets its server from webserv's factory, with the management SSL bundle,
 * so Actuator answers over HTTPS on the management port while the application's port
 * stays plain. The key is made by keytool at test time.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@DirtiesContext
class ManagementPortHttpsOnWebservTests {

	private static final String PASSWORD = "changeit";

	private static Path keyStore;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void managementBundle(DynamicPropertyRegistry registry) throws Exception {
		keyStore = keyStore();
		registry.add("spring.ssl.bundle.jks.management.keystore.location", () -> keyStore.toUri().toString());
		registry.add("spring.ssl.bundle.jks.management.keystore.password", () -> PASSWORD);
		registry.add("management.server.ssl.bundle", () -> "management");
	}

	@Test
	void actuatorAnswersOverHttpsOnTheManagementPortAndTheApplicationStaysPlain() throws Exception {
		HttpClient https = HttpClient.newBuilder().sslContext(trustingTheKey()).build();
		HttpResponse<String> health = https.send(request("https://localhost:" + managementPort + "/actuator/health"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(health.headers().firstValue("Server"))
			.hasValueSatisfying(server -> assertThat(server).startsWith("webserv"));
		X509Certificate certificate = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=management");
		HttpClient plain = HttpClient.newHttpClient();
		assertThat(
				plain.send(request("http://127.0.0.1:" + port + "/api/hello"), HttpResponse.BodyHandlers.discarding())
					.statusCode())
			.isEqualTo(200);
		assertThat(plain
			.send(request("http://127.0.0.1:" + managementPort + "/actuator/health"),
					HttpResponse.BodyHandlers.discarding())
			.statusCode()).as("plain HTTP on the management port").isEqualTo(400);
	}

	private static HttpRequest request(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build();
	}

	/** A self-signed EC key for localhost, CN=management, in a PKCS#12 store. */
	private static Path keyStore() throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("management-tls");
		dir.toFile().deleteOnExit();
		Path store = dir.resolve("management.p12");
		store.toFile().deleteOnExit();
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "management", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=management", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore",
				store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
		return store;
	}

	private static SSLContext trustingTheKey() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("management", store.getCertificate("management"));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
