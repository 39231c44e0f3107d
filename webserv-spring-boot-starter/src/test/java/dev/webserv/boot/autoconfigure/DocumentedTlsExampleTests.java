package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-virtual-server TLS example of docs/spring-boot.md, read from the page itself
 * and started as written (only its addresses, ports and root changed to the test's): SNI
 * picks each server's certificate on one port, a Host that disagrees gets 421, the site
 * sends its HSTS, {@code client-auth: want} serves a client without a certificate, and
 * the plain listener redirects to HTTPS.
 */
class DocumentedTlsExampleTests {

	private static final Path PAGE = Path.of("..", "docs", "spring-boot.md");

	@TempDir
	static Path dir;

	private static Path site;

	private static Path api;

	@BeforeAll
	static void keyStores() throws Exception {
		site = TestKeyStores.create(dir.resolve("site.p12"), "site");
		api = TestKeyStores.create(dir.resolve("api.p12"), "api");
		Path www = Files.createDirectories(dir.resolve("www"));
		Files.writeString(www.resolve("index.html"), "the site");
	}

	@Test
	void thePerServerExampleRunsAsDocumented() throws Exception {
		for (int attempt = 1;; attempt++) {
			int tls = freePort();
			int plain = freePort();
			AssertableApplicationContext[] started = new AssertableApplicationContext[1];
			runner(example(tls, plain)).run(context -> {
				started[0] = context;
				if (context.getStartupFailure() == null) {
					check(tls, plain);
				}
			});
			if (started[0].getStartupFailure() == null) {
				return;
			}
			if (attempt == 5) {
				throw new AssertionError("the example did not start", started[0].getStartupFailure());
			}
		}
	}

	private static void check(int tls, int plain) throws Exception {
		try (SSLSocket socket = open(tls, "example.test")) {
			assertThat(subject(socket)).isEqualTo("CN=site");
			assertThat(get(socket, "example.test", "/index.html")).startsWith("HTTP/1.1 200")
				.contains("\r\nStrict-Transport-Security: max-age=31536000\r\n")
				.endsWith("the site");
		}
		try (SSLSocket socket = open(tls, "api.example.test")) {
			assertThat(subject(socket)).as("client-auth want: no client certificate, still served").isEqualTo("CN=api");
			assertThat(get(socket, "example.test", "/index.html")).startsWith("HTTP/1.1 421");
		}
		try (Socket socket = new Socket("127.0.0.1", plain)) {
			socket.setSoTimeout(5000);
			assertThat(get(socket, "example.test", "/index.html?a=b")).startsWith("HTTP/1.1 301")
				.contains("\r\nLocation: https://example.test:" + tls + "/index.html?a=b\r\n");
		}
	}

	/** The example's YAML, on the test's ports and root. */
	private static String example(int tls, int plain) throws IOException {
		String page = Files.readString(PAGE);
		int start = page.indexOf("```yaml\n", page.indexOf("Per virtual server (SNI picks the certificate"));
		String yaml = page.substring(start + "```yaml\n".length(), page.indexOf("```", start + 7));
		assertThat(yaml).contains("0.0.0.0:8443 ssl", "0.0.0.0:8080", "redirect-to-https: 8443", "root: ./www");
		return yaml.replace("0.0.0.0:8443", "127.0.0.1:" + tls)
			.replace("0.0.0.0:8080", "127.0.0.1:" + plain)
			.replace("redirect-to-https: 8443", "redirect-to-https: " + tls)
			.replace("root: ./www", "root: " + dir.resolve("www"));
	}

	private static ApplicationContextRunner runner(String yaml) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("example",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WebservAutoConfiguration.class))
			.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(sources.get(0)))
			.withPropertyValues("webserv.io-threads=1", bundle("web", site), bundle("api", api),
					"spring.ssl.bundle.jks.web.keystore.password=" + TestKeyStores.PASSWORD,
					"spring.ssl.bundle.jks.api.keystore.password=" + TestKeyStores.PASSWORD);
	}

	private static String bundle(String name, Path store) {
		return "spring.ssl.bundle.jks." + name + ".keystore.location=" + store.toUri();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A socket whose handshake is done, with a client context of its own: the JDK client
	 * resuming a session would send that session's SNI name, not this one.
	 */
	private static SSLSocket open(int port, String serverName) throws Exception {
		SSLContext context = TestKeyStores.trusting(site, api);
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(5000);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setServerNames(List.of(new SNIHostName(serverName)));
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	private static String subject(SSLSocket socket) throws IOException {
		return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
	}

	/** One GET that closes the connection, and everything until the close. */
	private static String get(Socket socket, String host, String target) throws IOException {
		socket.getOutputStream()
			.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
	}

}
