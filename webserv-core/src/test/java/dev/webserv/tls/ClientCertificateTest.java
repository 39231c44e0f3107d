package dev.webserv.tls;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.Tls.ClientAuth;
import dev.webserv.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Mutual TLS: need and want, the client certificate seen by handlers and CGI scripts. */
class ClientCertificateTest {

	private static final Handler WHO = Handler
		.nonBlocking(request -> Response.ok(request.tls().clientCertificate() == null ? "anonymous"
				: request.tls().clientCertificate().getSubjectX500Principal().getName()));

	@Test
	void needRefusesAClientWithoutCertificateAndShowsTheCertificateToHandlers() throws Exception {
		try (Webserv server = TlsServers
			.start(s -> s.tls(TlsServers.localhost().withClientAuth(ClientAuth.NEED)).route("GET", "/who", WHO))) {
			HttpRequest request = HttpRequest.newBuilder(TlsServers.uri(server, "/who")).build();
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> TlsServers.client().send(request, HttpResponse.BodyHandlers.ofString()));
			HttpClient withCertificate = TlsServers.client(TestCa.get().clientContextWithCertificate());
			assertThat(withCertificate.send(request, HttpResponse.BodyHandlers.ofString()).body())
				.isEqualTo("CN=test client,O=webserv");
		}
	}

	@Test
	void wantServesBothAndTellsThemApart() throws Exception {
		try (Webserv server = TlsServers
			.start(s -> s.tls(TlsServers.localhost().withClientAuth(ClientAuth.WANT)).route("GET", "/who", WHO))) {
			HttpRequest request = HttpRequest.newBuilder(TlsServers.uri(server, "/who")).build();
			assertThat(TlsServers.client().send(request, HttpResponse.BodyHandlers.ofString()).body())
				.isEqualTo("anonymous");
			assertThat(TlsServers.client(TestCa.get().clientContextWithCertificate())
				.send(request, HttpResponse.BodyHandlers.ofString())
				.body()).isEqualTo("CN=test client,O=webserv");
		}
	}

	@Test
	void cgiScriptsSeeHttpsAndTheClientCertificate(@TempDir Path root) throws Exception {
		Path bin = Files.createDirectories(root.resolve("cgi-bin"));
		Path script = bin.resolve("env.sh");
		Files.writeString(script,
				"#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\n"
						+ "echo \"HTTPS=$HTTPS\"\necho \"VERIFY=$SSL_CLIENT_VERIFY\"\necho \"S_DN=$SSL_CLIENT_S_DN\"\n"
						+ "echo \"PROTOCOL=$SSL_PROTOCOL\"\necho \"SNI=$SSL_TLS_SNI\"\n",
				StandardCharsets.US_ASCII);
		script.toFile().setExecutable(true);
		try (Webserv server = TlsServers.start(s -> s.root(root)
			.tls(TlsServers.localhost().withClientAuth(ClientAuth.WANT))
			.location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()))) {
			HttpRequest request = HttpRequest.newBuilder(TlsServers.uri(server, "/cgi-bin/env.sh")).build();
			String withCertificate = TlsServers.client(TestCa.get().clientContextWithCertificate())
				.send(request, HttpResponse.BodyHandlers.ofString())
				.body();
			assertThat(withCertificate).contains("HTTPS=on", "VERIFY=SUCCESS", "S_DN=CN=test client,O=webserv",
					"PROTOCOL=TLSv1.3", "SNI=localhost");
			String without = TlsServers.client().send(request, HttpResponse.BodyHandlers.ofString()).body();
			assertThat(without).contains("HTTPS=on", "VERIFY=NONE", "S_DN=\n");
		}
	}

}
