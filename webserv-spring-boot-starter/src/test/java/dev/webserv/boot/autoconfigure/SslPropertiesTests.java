package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.boot.WebservRoute;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.metrics.WebservMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS from Spring Boot SSL bundles over real sockets: server.ssl.* for the primary
 * listener (with server.ssl.server-name-bundles: a certificate per SNI name),
 * webserv.servers[].ssl.bundle per server, a reload that keeps open connections, start-up
 * failures naming the property, and the TLS meters.
 */
class SslPropertiesTests {

	@TempDir
	static Path dir;

	private static Path first;

	private static Path second;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WebservAutoConfiguration.class,
				WebservMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withUserConfiguration(Hello.class)
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@BeforeAll
	static void keyStores() throws Exception {
		first = TestKeyStores.create(dir.resolve("first.p12"), "first");
		second = TestKeyStores.create(dir.resolve("second.p12"), "second");
	}

	@Test
	void serverSslKeyStoreServesHttpsOnServerPortAndCountsHandshakes() {
		runner
			.withPropertyValues("server.ssl.key-store=" + first.toUri(),
					"server.ssl.key-store-password=" + TestKeyStores.PASSWORD, "server.ssl.key-store-type=PKCS12")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				HttpResponse<String> response = client(first).send(
						HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/hello")).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).isEqualTo("hi");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Timer handshakes = registry.get("webserv.tls.handshakes").tag("protocol", "TLSv1.3").timer();
				assertThat(handshakes.count()).isEqualTo(1);
				assertThat(handshakes.totalTime(TimeUnit.NANOSECONDS)).as("the handshake's duration").isPositive();
			});
	}

	@Test
	void serverSslBundleAndABundlePerServer() {
		runner
			.withPropertyValues(jks("one", first), jks("one-password", null), jks("two", second),
					jks("two-password", null), "server.ssl.bundle=one", "webserv.servers[0].name=primary",
					"webserv.servers[1].name=other", "webserv.servers[1].listen=127.0.0.1:0 ssl",
					"webserv.servers[1].ssl.bundle=two", "webserv.servers[1].ssl.hsts=1d")
			.run(context -> {
				WebservWebServer server = context.getBean(WebservWebServer.class);
				int primary = server.getWebserv().ports("primary").get(0);
				int other = server.getWebserv().ports("other").get(0);
				try (SSLSocket socket = open(primary, TestKeyStores.trusting(first))) {
					assertThat(subject(socket)).isEqualTo("CN=first");
				}
				try (SSLSocket socket = open(other, TestKeyStores.trusting(second))) {
					assertThat(subject(socket)).isEqualTo("CN=second");
					assertThat(get(socket, true)).contains("Strict-Transport-Security: max-age=86400");
				}
			});
	}

	@Test
	void serverNameBundlesPickTheCertificateBySniOnServerPort() {
		runner
			.withPropertyValues(jks("one", first), jks("one-password", null), jks("two", second),
					jks("two-password", null), "server.ssl.bundle=one",
					"server.ssl.server-name-bundles[0].server-name=api.example.test",
					"server.ssl.server-name-bundles[0].bundle=two")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				// a client context per connection: the JDK client resuming a session
				// sends
				// that session's SNI name, not the new one
				try (SSLSocket socket = open(port, TestKeyStores.trusting(first, second), "api.example.test")) {
					assertThat(subject(socket)).isEqualTo("CN=second");
					assertThat(get(socket, true)).startsWith("HTTP/1.1 200").endsWith("hi");
				}
				try (SSLSocket socket = open(port, TestKeyStores.trusting(first, second), "www.example.test")) {
					assertThat(subject(socket)).isEqualTo("CN=first");
				}
				try (SSLSocket socket = open(port, TestKeyStores.trusting(first, second))) {
					assertThat(subject(socket)).isEqualTo("CN=first");
				}
			});
	}

	@Test
	void aServerNameBundleThatDoesNotExistFailsStartUpNamingTheProperty() {
		runner
			.withPropertyValues(jks("one", first), jks("one-password", null), "server.ssl.bundle=one",
					"server.ssl.server-name-bundles[0].server-name=api.example.test",
					"server.ssl.server-name-bundles[0].bundle=nope")
			.run(AccessLogAndCompressionTests.failsNaming("server.ssl.server-name-bundles[0].bundle", "nope"));
	}

	@Test
	void aReloadedBundleServesNewHandshakesAndKeepsOpenConnections() throws Exception {
		Path live = dir.resolve("live.p12");
		Files.copy(first, live, StandardCopyOption.REPLACE_EXISTING);
		runner.withPropertyValues(jks("live", live), jks("live-password", null),
				"spring.ssl.bundle.jks.live.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=50ms",
				"webserv.servers[0].listen=127.0.0.1:0 ssl", "webserv.servers[0].ssl.bundle=live")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				SSLContext both = TestKeyStores.trusting(first, second);
				try (SSLSocket open = open(port, both)) {
					assertThat(subject(open)).isEqualTo("CN=first");
					assertThat(get(open, false)).startsWith("HTTP/1.1 200");
					Path next = dir.resolve("next.p12");
					Files.copy(second, next, StandardCopyOption.REPLACE_EXISTING);
					Files.move(next, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
					long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
					String seen = "CN=first";
					while (!seen.equals("CN=second") && System.nanoTime() < deadline) {
						try (SSLSocket fresh = open(port, both)) {
							seen = subject(fresh);
						}
						Thread.sleep(50); // the file watcher polls
					}
					assertThat(seen).as("a new connection after the reload").isEqualTo("CN=second");
					assertThat(get(open, false)).as("the connection opened before").startsWith("HTTP/1.1 200");
				}
			});
	}

	@Test
	void aMissingKeyStoreFailsStartUpNamingTheProperty() {
		runner
			.withPropertyValues("server.ssl.key-store=file:" + dir.resolve("missing.p12"),
					"server.ssl.key-store-password=x")
			.run(AccessLogAndCompressionTests.failsNaming("server.ssl.key-store"));
	}

	@Test
	void aMissingBundleFailsStartUpNamingTheProperty() {
		runner.withPropertyValues("server.ssl.bundle=nope")
			.run(AccessLogAndCompressionTests.failsNaming("server.ssl.bundle", "nope"));
		runner.withPropertyValues("webserv.servers[0].listen=127.0.0.1:0 ssl", "webserv.servers[0].ssl.bundle=nope")
			.run(AccessLogAndCompressionTests.failsNaming("webserv.servers[0].ssl.bundle", "nope"));
	}

	@Test
	void anSslAddressWithoutBundleAndABundleWithoutSslAddressFail() {
		runner.withPropertyValues("webserv.servers[0].listen=127.0.0.1:0 ssl")
			.run(AccessLogAndCompressionTests.failsNaming("webserv.servers[0].ssl.bundle", "marked ssl"));
		runner
			.withPropertyValues(jks("one", first), jks("one-password", null), "webserv.servers[0].listen=127.0.0.1:0",
					"webserv.servers[0].ssl.bundle=one")
			.run(AccessLogAndCompressionTests.failsNaming("webserv.servers[0].ssl.bundle", "no listen address"));
	}

	/**
	 * A client's close_notify is honoured: the server ends the connection at once (within
	 * the 5 s read timeout), not at the 60 s idle timeout.
	 */
	@Test
	void aClientsCloseNotifyEndsTheConnection() {
		runner.withPropertyValues(jks("one", first), jks("one-password", null), "server.ssl.bundle=one")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				try (SSLSocket socket = open(port, TestKeyStores.trusting(first))) {
					assertThat(get(socket, false)).startsWith("HTTP/1.1 200");
					socket.shutdownOutput(); // sends close_notify (TLS 1.3 half-close)
					long start = System.nanoTime();
					socket.getInputStream().readAllBytes();
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				}
			});
	}

	/** No server listens on server.port, so server.ssl would apply to nothing. */
	@Test
	void serverSslWithoutAServerOnServerPortFailsStartUp() {
		runner
			.withPropertyValues(jks("one", first), jks("one-password", null), "server.ssl.bundle=one",
					"webserv.servers[0].listen=127.0.0.1:0")
			.run(AccessLogAndCompressionTests.failsNaming("server.ssl"));
	}

	@Test
	void aPlainServerRedirectsToHttps() {
		runner.withPropertyValues("webserv.servers[0].listen=127.0.0.1:0", "webserv.servers[0].redirect-to-https=443")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				HttpResponse<String> response = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/x?y")).build(),
							HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(301);
				assertThat(response.headers().firstValue("Location")).hasValue("https://localhost/x?y");
			});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class Hello {

		@org.springframework.context.annotation.Bean
		@WebservRoute(path = "/hello", methods = "GET")
		Handler hello() {
			return Handler.nonBlocking(request -> Response.ok("hi"));
		}

	}

	/** A JKS bundle property: the store's location, or its password when file is null. */
	private static String jks(String name, Path file) {
		if (file == null) {
			return "spring.ssl.bundle.jks." + name.replace("-password", "") + ".keystore.password="
					+ TestKeyStores.PASSWORD;
		}
		return "spring.ssl.bundle.jks." + name + ".keystore.location=" + file.toUri();
	}

	private static HttpClient client(Path trusted) throws Exception {
		return HttpClient.newBuilder().sslContext(TestKeyStores.trusting(trusted)).build();
	}

	private static SSLSocket open(int port, SSLContext context) throws IOException {
		return open(port, context, null);
	}

	/**
	 * A socket whose handshake is done, sending {@code serverName} as SNI (null: none).
	 */
	private static SSLSocket open(int port, SSLContext context, String serverName) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(5000);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	private static String subject(SSLSocket socket) throws IOException {
		return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
	}

	/** One GET /hello; with {@code close}, everything until the server closes. */
	private static String get(SSLSocket socket, boolean close) throws IOException {
		socket.getOutputStream()
			.write(("GET /hello HTTP/1.1\r\nHost: localhost\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		if (close) {
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		}
		byte[] buffer = new byte[4096];
		int read = socket.getInputStream().read(buffer);
		return new String(buffer, 0, read, StandardCharsets.US_ASCII);
	}

}
