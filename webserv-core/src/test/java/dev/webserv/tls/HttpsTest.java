package dev.webserv.tls;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS end to end: JDK clients against a TLS listener, over real sockets. */
class HttpsTest {

	@Test
	void answersOverTls13WithTheRequestsTlsDetails() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/tls", Handler.nonBlocking(request -> Response
			.ok(request.scheme() + " " + request.tls().protocol() + " " + request.tls().serverName()))))) {
			HttpResponse<String> response = TlsServers.client()
				.send(HttpRequest.newBuilder(TlsServers.uri(server, "/tls")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("https TLSv1.3 localhost");
		}
	}

	@Test
	void servesManyKeepAliveRequestsOnOneConnection() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/n/{n}",
				Handler.nonBlocking(request -> Response.ok("n=" + request.pathVariable("n")))))) {
			HttpClient client = TlsServers.client();
			for (int i = 0; i < 50; i++) {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(TlsServers.uri(server, "/n/" + i)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).isEqualTo("n=" + i);
			}
		}
	}

	@Test
	void sendsALargeStaticFileIntactAndAcceptsALargeUpload(@TempDir Path root) throws Exception {
		byte[] content = new byte[5 * 1024 * 1024 + 123];
		new Random(7).nextBytes(content);
		Files.write(root.resolve("big.bin"), content);
		try (Webserv server = TlsServers.start(s -> s.root(root)
			.clientMaxBodySize(16 * 1024 * 1024)
			.location(Location.builder("/").build())
			.route("POST", "/echo-size", (Handler) request -> Response.ok(Long.toString(request.body().length()))))) {
			HttpClient client = TlsServers.client();
			HttpResponse<byte[]> download = client.send(
					HttpRequest.newBuilder(TlsServers.uri(server, "/big.bin")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(MessageDigest.getInstance("SHA-256").digest(download.body()))
				.isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
			HttpResponse<String> upload = client.send(HttpRequest.newBuilder(TlsServers.uri(server, "/echo-size"))
				.POST(HttpRequest.BodyPublishers.ofByteArray(content))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(upload.body()).isEqualTo(Integer.toString(content.length));
		}
	}

	@Test
	void aPlainServerRedirectsToHttpsAndTheTlsServerSendsHsts() throws Exception {
		ServerConfig config = ServerConfig.builder()
			.ioThreads(1)
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0 ssl")
				.tls(TlsServers.localhost().withHsts(Duration.ofDays(365)))
				.route("GET", "/", Handler.nonBlocking(r -> Response.ok("secure")))
				.build())
			.server(VirtualServer.builder().listen("127.0.0.1:0").redirectToHttps(8443).build())
			.build();
		try (Webserv server = TlsServers.start(config)) {
			HttpClient client = TlsServers.client();
			int plainPort = server.ports(config.servers().get(1).name()).get(0);
			HttpResponse<String> redirect = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + plainPort + "/a/b?c=d%20e")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(redirect.statusCode()).isEqualTo(301);
			assertThat(redirect.headers().firstValue("Location")).hasValue("https://localhost:8443/a/b?c=d%20e");
			assertThat(redirect.headers().firstValue("Strict-Transport-Security")).isEmpty();
			HttpResponse<String> secure = client.send(HttpRequest.newBuilder(TlsServers.uri(server, "/")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(secure.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
		}
	}

	@Test
	void agreesOnHttp11ByAlpn() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x"))));
				SSLSocket socket = (SSLSocket) TestCa.get().clientContext().getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			var parameters = socket.getSSLParameters();
			parameters.setApplicationProtocols(new String[] { "h2", "http/1.1" });
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
		}
	}

	@Test
	void answersPlainHttpOnTheTlsPortWithNginxsReadable400ThenCloses() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x"))));
				Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n")
				.contains("The plain HTTP request was sent to HTTPS port");
		}
	}

	@Test
	void closesAConnectionThatSendsGarbageBeforeAnyClientHello() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x"))));
				Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(new byte[] { 0x01, 0x02, 0x03, (byte) 0xff, 0x00 });
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			// and the server still serves
			HttpResponse<String> response = TlsServers.client()
				.send(HttpRequest.newBuilder(TlsServers.uri(server, "/")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).isEqualTo("x");
		}
	}

}
