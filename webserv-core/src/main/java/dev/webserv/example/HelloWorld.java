package dev.webserv.example;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * webserv-core alone, answering "Hello, World!" on every path. Arguments: [listen
 * address] [io threads].
 * {@code java -cp webserv-core/target/classes dev.webserv.example.HelloWorld 127.0.0.1:8080 1}
 */
public final class HelloWorld {

	private static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private HelloWorld() {
	}

	public static void main(String[] args) throws Exception {
		String listen = args.length > 0 ? args[0] : "127.0.0.1:8080";
		int ioThreads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
		Handler hello = Handler.nonBlocking(request -> Response.ok(HELLO, "text/plain"));
		Webserv server = new Webserv(ServerConfig.builder()
			.ioThreads(ioThreads)
			.limits(Limits.DEFAULTS.withMaxRequestsPerConnection(0)) // like the servers
																		// it is measured
																		// against
			.server(VirtualServer.builder()
				.listen(listen)
				.location(Location.builder("/").handler(hello).build())
				.build())
			.build());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		System.out.println("webserv-core HelloWorld listening on " + server.boundAddresses());
	}

}
