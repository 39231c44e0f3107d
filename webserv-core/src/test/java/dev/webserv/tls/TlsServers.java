package dev.webserv.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.TestCa;

/** Starts HTTPS servers on 127.0.0.1:0 with the test CA's "localhost" certificate. */
final class TlsServers {

	private TlsServers() {
	}

	static Tls localhost() {
		return Tls.of(TestCa.get().serverContext("localhost"));
	}

	/** One virtual server on "127.0.0.1:0 ssl", shaped by the customizers. */
	static Webserv start(Consumer<VirtualServer.Builder> server, Consumer<ServerConfig.Builder> config) {
		VirtualServer.Builder builder = VirtualServer.builder().listen("127.0.0.1:0 ssl").tls(localhost());
		server.accept(builder);
		ServerConfig.Builder settings = ServerConfig.builder().ioThreads(2).server(builder.build());
		config.accept(settings);
		return start(settings.build());
	}

	static Webserv start(Consumer<VirtualServer.Builder> server) {
		return start(server, config -> {
		});
	}

	static Webserv start(ServerConfig config) {
		Webserv webserv = new Webserv(config);
		try {
			webserv.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return webserv;
	}

	static URI uri(Webserv server, String path) {
		return URI.create("https://localhost:" + server.port() + path);
	}

	static HttpClient client() {
		return client(TestCa.get().clientContext());
	}

	static HttpClient client(SSLContext context) {
		return HttpClient.newBuilder()
			.sslContext(context)
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

}
