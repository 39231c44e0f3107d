package dev.webserv.handler;

import java.util.logging.Logger;

import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.cgi.LocalRedirect;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.PathDecoder;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.ServerRoutes;
import dev.webserv.router.Target;

/**
 * Follows CGI local redirects as a GET through the routes and locations of the same
 * virtual server, on the worker that ran the script. The router does not hand its
 * compiled routes to handlers, so the first local redirect compiles a private copy. A
 * chain of more than ten redirects is a loop: 500.
 */
final class InternalRedirects implements LocalRedirect {

	private static final Logger LOG = Logger.getLogger(InternalRedirects.class.getName());

	private static final int MAX_DEPTH = 10;

	/**
	 * Redirects being followed on this thread; a nested script's redirect runs on the
	 * same thread.
	 */
	private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

	private final VirtualServer server;

	private final ServerConfig config;

	private volatile ServerRoutes routes;

	InternalRedirects(VirtualServer server, ServerConfig config) {
		this.server = server;
		this.config = config;
	}

	@Override
	public Response follow(Request request, String location) throws Exception {
		int[] depth = DEPTH.get();
		if (depth[0] >= MAX_DEPTH) {
			LOG.warning(() -> "CGI local redirects loop at " + location + " (for " + request + ")");
			return Response.error(500);
		}
		int question = location.indexOf('?');
		String path;
		try {
			path = PathDecoder.decodePath(question < 0 ? location : location.substring(0, question));
		}
		catch (BadRequestException e) {
			LOG.warning(() -> "CGI local redirect to a bad path: " + location);
			return Response.error(502);
		}
		String query = question < 0 ? null : location.substring(question + 1);
		RequestHead head = new RequestHead("GET", location, path, query, request.version(),
				headersWithoutBody(request.headers()), request.host(), -1, false, request.head().keepAlive(), false);
		Target target = routes().match("GET", path);
		Request redirected = new Request(head, RequestBody.EMPTY, request.remoteAddress(), request.localAddress(),
				target.route(), target.pathVariables());
		depth[0]++;
		try {
			return target.handler().handle(redirected);
		}
		finally {
			depth[0]--;
		}
	}

	private static Headers headersWithoutBody(Headers original) {
		Headers headers = new Headers(original.size());
		for (int i = 0; i < original.size(); i++) {
			String name = original.name(i);
			if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Content-Type")
					&& !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Expect")) {
				headers.add(name, original.value(i));
			}
		}
		return headers;
	}

	private ServerRoutes routes() {
		ServerRoutes compiled = routes;
		if (compiled == null) {
			compiled = new ServerRoutes(server, config, location -> new LocationHandler(server, location, config));
			routes = compiled;
		}
		return compiled;
	}

}
