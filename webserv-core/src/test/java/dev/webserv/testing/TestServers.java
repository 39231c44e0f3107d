package dev.webserv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.function.Consumer;

import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/** Starts servers on 127.0.0.1 with an ephemeral port. */
public final class TestServers {

	private TestServers() {
	}

	/** A server with one virtual server on 127.0.0.1:0, shaped by the two customizers. */
	public static Webserv start(Consumer<VirtualServer.Builder> server, Consumer<ServerConfig.Builder> config) {
		VirtualServer.Builder virtualServer = VirtualServer.builder().listen("127.0.0.1:0");
		server.accept(virtualServer);
		ServerConfig.Builder builder = ServerConfig.builder().ioThreads(2).server(virtualServer.build());
		config.accept(builder);
		Webserv webserv = new Webserv(builder.build());
		try {
			webserv.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return webserv;
	}

	public static Webserv start(Consumer<VirtualServer.Builder> server) {
		return start(server, config -> {
		});
	}

	public static URI uri(Webserv server, String path) {
		return URI.create("http://127.0.0.1:" + server.port() + path);
	}

	public static HttpRequest.Builder request(Webserv server, String path) {
		return HttpRequest.newBuilder(uri(server, path));
	}

}
