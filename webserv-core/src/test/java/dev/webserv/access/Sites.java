package dev.webserv.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.TestServers;

/** A server on 127.0.0.1:0 for the access tests, its refusals, and a client. */
final class Sites implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	final List<String> refusals = new CopyOnWriteArrayList<>();

	final Webserv server;

	private Sites(Consumer<VirtualServer.Builder> site, Consumer<ServerConfig.Builder> config) {
		ServerEvents events = new ServerEvents() {
			@Override
			public void requestRefused(String route, String reason) {
				refusals.add(reason + " " + route);
			}
		};
		this.server = TestServers.start(site, builder -> config.accept(builder.ioThreads(1).events(events)));
	}

	static Sites start(Consumer<VirtualServer.Builder> site) {
		return new Sites(site, config -> {
		});
	}

	static Sites start(Consumer<VirtualServer.Builder> site, Consumer<ServerConfig.Builder> config) {
		return new Sites(site, config);
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
			.timeout(Duration.ofSeconds(20));
	}

	HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = request(path);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	CompletableFuture<HttpResponse<String>> getAsync(String path, String... headers) {
		HttpRequest.Builder request = request(path);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		server.stop();
	}

}
