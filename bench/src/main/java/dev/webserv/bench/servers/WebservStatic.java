package dev.webserv.bench.servers;

import java.nio.file.Path;
import java.util.List;

import dev.webserv.Webserv;
import dev.webserv.config.Compression;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;

/**
 * webserv-core serving a directory, like nginx's {@code location / { root DIR; }}: the
 * static-file side of the comparison. Arguments: port root-directory [io threads, default
 * 1] [gzip: on-the-fly gzip of text/plain at level 1, as nginx's gzip on].
 */
public final class WebservStatic {

	private WebservStatic() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		Path root = Path.of(args[1]).toAbsolutePath();
		int ioThreads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
		boolean gzip = args.length > 3 && args[3].equals("gzip");
		Webserv server = new Webserv(WebservHello.config(ioThreads)
			.server(VirtualServer.builder()
				.listen(Hello.HOST + ":" + port)
				.root(root)
				.compression(gzip ? Compression.gzip().withTypes(List.of("text/plain")).withLevel(1) : null)
				.location(Location.builder("/").root(root).build())
				.build())
			.build());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Hello.ready("webserv-core static " + root, server.port());
	}

}
