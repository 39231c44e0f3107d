package dev.webserv.bench.servers;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.Route;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;

/**
 * {@link WebservHello} over TLS (run.sh's {@code webserv-tls}): the same settings and one
 * I/O thread, on an {@code ssl} listener with {@link TlsKeys}' certificate, TLS 1.3 and
 * AES-128-GCM. {@code GET /alloc} answers the bytes the JVM's threads have allocated so
 * far (run.sh reads it before and after a load). Given a directory, it serves that
 * directory instead ({@code webserv-tls-static}, for the 1 GiB download). Arguments: port
 * pkcs12-file [root-directory].
 */
public final class WebservTlsHello {

	private WebservTlsHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		Tls tls = Tls.of(TlsKeys.context(Path.of(args[1])))
			.withProtocols(TlsKeys.PROTOCOLS)
			.withCipherSuites(TlsKeys.CIPHER_SUITES);
		VirtualServer.Builder site = VirtualServer.builder().listen(Hello.HOST + ":" + port + " ssl").tls(tls);
		String what;
		if (args.length > 2) {
			Path root = Path.of(args[2]).toAbsolutePath();
			site.root(root).location(Location.builder("/").root(root).build());
			what = "static " + root;
		}
		else {
			Handler hello = Handler.nonBlocking((request) -> Response.ok(Hello.BODY, Hello.CONTENT_TYPE));
			site.route(Route.any("/alloc", Handler.nonBlocking((request) -> Response.ok(allocated()))))
				.route(Route.any("/", hello))
				.route(Route.any("/{path}", hello));
			what = "hello";
		}
		Webserv server = new Webserv(WebservHello.config(1).server(site.build()).build());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Hello.ready("webserv-core TLS " + what, server.port());
	}

	/** What every thread of this JVM has allocated so far, in bytes. */
	static String allocated() {
		var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		return Long.toString(threads.getTotalThreadAllocatedBytes());
	}

}
