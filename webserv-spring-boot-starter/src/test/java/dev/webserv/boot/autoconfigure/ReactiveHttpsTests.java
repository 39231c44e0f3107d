package dev.webserv.boot.autoconfigure;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.SslInfo;

import dev.webserv.boot.reactive.WebservReactiveWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WebFlux on webserv over HTTPS: server.ssl.* through the reactive factory (HTTPS on
 * server.port, as on Reactor Netty), the request's URI and SslInfo with the client's
 * certificate, start-up failures naming the property, and a factory used without the
 * starter (as the management child context uses it).
 */
class ReactiveHttpsTests {

	@TempDir
	static Path dir;

	private static Path server;

	private static Path clientStore;

	private WebServer webServer;

	@BeforeAll
	static void keyStores() throws Exception {
		server = TestKeyStores.create(dir.resolve("server.p12"), "server");
		clientStore = TestKeyStores.create(dir.resolve("client.p12"), "client");
	}

	@AfterEach
	void stop() {
		if (webServer != null) {
			webServer.stop();
		}
	}

	@Test
	void serverSslServesTheApplicationOverHttpsWithTheClientsCertificateInSslInfo() throws Exception {
		try (ConfigurableApplicationContext context = application("server.ssl.key-store=" + server.toUri(),
				"server.ssl.key-store-password=" + TestKeyStores.PASSWORD,
				"server.ssl.trust-store=" + clientStore.toUri(),
				"server.ssl.trust-store-password=" + TestKeyStores.PASSWORD, "server.ssl.client-auth=want")) {
			int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
			String url = "https://localhost:" + port + "/who?x=1";
			assertThat(get(client(true), url).body()).isEqualTo(url + " CN=client");
			assertThat(get(client(false), url).body()).isEqualTo(url + " no certificate");
		}
	}

	@Test
	void plainHttpOnTheHttpsPortIsRefused() throws Exception {
		try (ConfigurableApplicationContext context = application("server.ssl.key-store=" + server.toUri(),
				"server.ssl.key-store-password=" + TestKeyStores.PASSWORD)) {
			int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> response = get(HttpClient.newHttpClient(), "http://localhost:" + port + "/who");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).doesNotContain("/who");
		}
	}

	@Test
	void aMissingBundleFailsStartupNamingTheProperty() {
		assertThatThrownBy(() -> application("server.ssl.bundle=nowhere").close())
			.hasStackTraceContaining("server.ssl.bundle")
			.hasStackTraceContaining("nowhere");
	}

	@Test
	void aMissingKeyStoreFailsStartupNamingTheProperty() {
		assertThatThrownBy(() -> application("server.ssl.key-store=" + dir.resolve("absent.p12").toUri(),
				"server.ssl.key-store-password=x")
			.close()).hasStackTraceContaining("server.ssl.key-store").hasStackTraceContaining("absent.p12");
	}

	@Test
	void aFactoryWithoutTheStarterServesHttpsFromItsSslSettings() throws Exception {
		WebservReactiveWebServerFactory factory = new WebservReactiveWebServerFactory(0);
		factory.setSsl(keyStoreSsl(server.toUri().toString()));
		webServer = factory.getWebServer(new Application().httpHandler());
		webServer.start();
		String url = "https://localhost:" + webServer.getPort() + "/who";
		assertThat(get(client(false), url).body()).isEqualTo(url + " no certificate");
	}

	@Test
	void aFactoryWithoutTheStarterPicksServerNameBundlesBySni() throws Exception {
		WebservReactiveWebServerFactory factory = new WebservReactiveWebServerFactory(0);
		Ssl ssl = keyStoreSsl(server.toUri().toString());
		ssl.setServerNameBundles(List.of(new Ssl.ServerNameSslBundle("api.example.test", "api")));
		factory.setSsl(ssl);
		factory.setSslBundles(new DefaultSslBundleRegistry("api",
				SslBundle.of(new JksSslStoreBundle(
						new JksSslStoreDetails(null, null, clientStore.toUri().toString(), TestKeyStores.PASSWORD),
						null))));
		webServer = factory.getWebServer(new Application().httpHandler());
		webServer.start();
		assertThat(subject(webServer.getPort(), "api.example.test")).isEqualTo("CN=client");
		assertThat(subject(webServer.getPort(), "www.example.test")).isEqualTo("CN=server");
	}

	/**
	 * The subject of the certificate presented to a new client (no session to resume,
	 * whose SNI name the JDK would send instead) sending this SNI name.
	 */
	private static String subject(int port, String serverName) throws Exception {
		SSLContext context = TestKeyStores.trusting(server, clientStore);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(serverName)));
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

	@Test
	void aFactoryWithoutTheStarterFailsOnAMissingKeyStore() {
		WebservReactiveWebServerFactory factory = new WebservReactiveWebServerFactory(0);
		factory.setSsl(keyStoreSsl(dir.resolve("absent.p12").toUri().toString()));
		assertThatThrownBy(() -> factory.getWebServer(new Application().httpHandler()))
			.isInstanceOf(WebServerException.class)
			.hasMessageContaining("ssl.key-store");
	}

	private static Ssl keyStoreSsl(String keyStore) {
		Ssl ssl = new Ssl();
		ssl.setKeyStore(keyStore);
		ssl.setKeyStorePassword(TestKeyStores.PASSWORD);
		return ssl;
	}

	private static ConfigurableApplicationContext application(String... properties) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.properties("spring.main.banner-mode=off", "server.address=127.0.0.1", "server.port=0")
			.properties(properties)
			.run();
	}

	private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** Trusts the server's certificate; presents the client's when asked to. */
	private static HttpClient client(boolean withCertificate) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		KeyManagerFactory keys = null;
		if (withCertificate) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(clientStore)) {
				store.load(in, TestKeyStores.PASSWORD.toCharArray());
			}
			keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, TestKeyStores.PASSWORD.toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(server)) {
			trusted.load(in, TestKeyStores.PASSWORD.toCharArray());
		}
		trust.init(trusted);
		context.init(keys != null ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
		return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		/** Answers its URI and the subject of the client's certificate. */
		@Bean
		HttpHandler httpHandler() {
			return (request, response) -> {
				SslInfo ssl = request.getSslInfo();
				String who = (ssl == null) ? "plain"
						: (ssl.getPeerCertificates() != null && ssl.getPeerCertificates().length > 0)
								? ssl.getPeerCertificates()[0].getSubjectX500Principal().getName() : "no certificate";
				byte[] body = (request.getURI() + " " + who).getBytes(StandardCharsets.UTF_8);
				return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
			};
		}

	}

}
