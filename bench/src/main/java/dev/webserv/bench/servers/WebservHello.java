package dev.webserv.bench.servers;

import java.time.Duration;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.Route;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;

/**
 * webserv-core alone, as {@code dev.webserv.example.HelloWorld} does it (a non-blocking
 * handler answering on the event loop), with one I/O thread and limits that let the
 * 10,000-connection memory test and long keep-alive runs through: max connections 20,000,
 * idle timeout 10 minutes, unlimited requests per connection. Arguments: port [io
 * threads, default 1].
 */
public final class WebservHello {

	private WebservHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		int ioThreads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
		Webserv server = start(port, ioThreads);
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Hello.ready("webserv-core", server.port());
	}

	public static Webserv start(int port, int ioThreads) throws java.io.IOException {
		Handler hello = Handler.nonBlocking(request -> Response.ok(Hello.BODY, Hello.CONTENT_TYPE));
		Webserv server = new Webserv(config(ioThreads)
			.server(VirtualServer.builder()
				.listen(Hello.HOST + ":" + port)
				.route(Route.any("/", hello))
				.route(Route.any("/{path}", hello))
				.build())
			.build());
		server.start();
		return server;
	}

	/** The settings every bench main shares. */
	static ServerConfig.Builder config(int ioThreads) {
		return ServerConfig.builder()
			.ioThreads(ioThreads)
			.serverHeader("webserv")
			.limits(Limits.DEFAULTS.withMaxConnections(20_000).withBacklog(1024).withMaxRequestsPerConnection(0))
			.timeouts(Timeouts.DEFAULTS.withIdle(Duration.ofMinutes(10)));
	}

}
