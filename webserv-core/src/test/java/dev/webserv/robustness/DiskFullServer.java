package dev.webserv.robustness;

import java.io.IOException;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.testing.TestServers;

/**
 * A server for {@link DiskFullTest}, run in its own JVM so that its temporary directory
 * (where large request bodies spill) can be a tiny file system. Prints its port, then
 * serves until stdin closes.
 */
public final class DiskFullServer {

	private DiskFullServer() {
	}

	public static void main(String[] args) throws IOException {
		Webserv server = TestServers.start(
				s -> s.route("POST", "/upload", r -> Response.ok("got " + r.body().length())),
				c -> c.limits(Limits.DEFAULTS.withMaxBodySize(64L << 20)));
		System.out.println(server.port());
		System.out.flush();
		while (System.in.read() >= 0) {
			// serve until the test closes our stdin
		}
		server.stop();
	}

}
