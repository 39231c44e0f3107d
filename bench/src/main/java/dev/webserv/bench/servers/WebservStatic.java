package dev.webserv.bench.servers;

import java.nio.file.Path;

import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;

/**
 * webserv-core serving a directory, like nginx's {@code location / { root DIR; }}: the
 * static-file side of the comparison. Arguments: port root-directory [io threads, default
 * 1].
 */
public final class WebservStatic {

	private WebservStatic() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		Path root = Path.of(args[1]).toAbsolutePath();
		int ioThreads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
		Webserv server = new Webserv(WebservHello.config(ioThreads)
			.server(VirtualServer.builder()
				.listen(Hello.HOST + ":" + port)
				.root(root)
				.location(Location.builder("/").root(root).build())
				.build())
			.build());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Hello.ready("webserv-core static " + root, server.port());
	}

}
