package dev.webserv.handler;

import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.cgi.LocalRedirect;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.PathDecoder;
import dev.webserv.parser.RequestHead;
import dev.webserv.router.ServerRoutes;
import dev.webserv.router.Target;

/**
 * Follows CGI local redirects as a GET through the routes of the same virtual server (the
 * very routes every request goes through, with their file caches), on the worker that ran
 * the script. A chain of more than ten redirects is a loop: 500.
 */
public final class InternalRedirects implements LocalRedirect {

	private static final Logger LOG = Logger.getLogger(InternalRedirects.class.getName());

	private static final int MAX_DEPTH = 10;

	/** The routes of the server whose scripts redirect: known once they are compiled. */
	private final Supplier<ServerRoutes> routes;

	/**
	 * Redirects being followed on each thread; a nested script's redirect runs on the
	 * same thread. This server's own, emptied when a chain ends.
	 */
	private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

	public InternalRedirects(Supplier<ServerRoutes> routes) {
		this.routes = routes;
	}

	@Override
	public Response follow(Request request, String location) throws Exception {
		int[] followed = depth.get();
		if (followed[0] >= MAX_DEPTH) {
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
		followed[0]++;
		try {
			Target target = routes.get().match(head.method(), head.path());
			if (target.handler() == null) {
				// an exchange handler answers a connection, not a CGI script's redirect
				LOG.warning(() -> "CGI local redirect to " + location + ", which an exchange handler answers");
				return Response.error(502);
			}
			Request redirected = new Request(head, RequestBody.EMPTY, request.remoteAddress(), request.localAddress(),
					target.route(), target.pathVariables())
				.withClient(request.remoteAddress(), request.scheme(), request.host(), request.serverPort());
			return target.handler().handle(redirected);
		}
		finally {
			if (--followed[0] == 0) {
				depth.remove();
			}
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

}
