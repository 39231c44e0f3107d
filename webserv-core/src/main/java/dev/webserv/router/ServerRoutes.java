package dev.webserv.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.compression.ResponseCompressor;
import dev.webserv.config.Location;
import dev.webserv.config.Route;
import dev.webserv.config.VirtualServer;
import dev.webserv.handler.InternalRedirects;
import dev.webserv.handler.LocationHandler;
import dev.webserv.parser.RequestHead;
import dev.webserv.runtime.ServerRuntime;

/**
 * One virtual server, compiled for matching: handler routes first (most literal template
 * wins), then locations (an exact location, else the longest prefix, as nginx does), else
 * 404. A path that matches but a method that does not gets 405 with Allow; OPTIONS gets
 * 204 with Allow.
 */
public final class ServerRoutes {

	static final String NOT_FOUND = "NOT_FOUND";
	static final String REDIRECTION = "REDIRECTION";

	private static final Handler NOT_FOUND_HANDLER = Handler.nonBlocking(request -> Response.error(404));

	private static final String ALL_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH";

	private final VirtualServer server;

	private final long serverBodyLimit;

	private final List<CompiledRoute> routes = new ArrayList<>();

	private final List<CompiledLocation> locations = new ArrayList<>();

	private final Target notFound;

	/**
	 * Compiles a virtual server with the runtime of the server it runs in: its locations
	 * get that server's CGI processes, and a CGI local redirect is routed through these
	 * very routes.
	 */
	public ServerRoutes(VirtualServer server, ServerRuntime runtime) {
		this.server = server;
		this.serverBodyLimit = server.clientMaxBodySize() >= 0 ? server.clientMaxBodySize()
				: runtime.config().limits().maxBodySize();
		InternalRedirects redirects = new InternalRedirects(this::redirected);
		ResponseCompressor compressor = ResponseCompressor.of(server.compression());
		for (Route route : server.routes()) {
			if (compressor != null) {
				route = new Route(route.methods(), route.template(), compressor.wrap(route.handler()), route.name());
			}
			CompiledRoute compiled = new CompiledRoute(route, new RouteTemplate(route.template()));
			for (CompiledRoute earlier : routes) {
				if (earlier.conflictsWith(compiled)) {
					throw new IllegalStateException("routes '" + earlier.route.name() + "' and '" + route.name()
							+ "' both map " + route.methods() + " " + route.template());
				}
			}
			routes.add(compiled);
		}
		routes.sort(Comparator.comparingInt((CompiledRoute route) -> route.template.specificity()).reversed());
		for (Location location : server.locations()) {
			long limit = location.clientMaxBodySize() >= 0 ? location.clientMaxBodySize() : serverBodyLimit;
			locations
				.add(new CompiledLocation(location, new LocationHandler(server, location, runtime, redirects), limit));
		}
		notFound = fixed(NOT_FOUND_HANDLER, NOT_FOUND);
		locations.sort(Comparator.comparing((CompiledLocation location) -> location.location.exact())
			.thenComparingInt(location -> location.location.path().length())
			.reversed());
	}

	public VirtualServer server() {
		return server;
	}

	/** Serves a CGI local redirect as a request of this server. */
	private Response redirected(RequestHead head, Request original) throws Exception {
		Target target = match(head.method(), head.path());
		Request request = new Request(head, RequestBody.EMPTY, original.remoteAddress(), original.localAddress(),
				target.route(), target.pathVariables());
		return target.handler().handle(request);
	}

	public Target match(String method, String path) {
		if (path.equals("*")) {
			return fixed(allowHandler(204, ALL_METHODS), "*");
		}
		Target routed = matchRoute(method, path);
		if (routed != null) {
			return routed;
		}
		for (CompiledLocation location : locations) {
			if (location.matches(path)) {
				return location.target(method, path, this);
			}
		}
		return notFound;
	}

	private Target matchRoute(String method, String path) {
		Set<String> allowed = null;
		String template = null;
		for (CompiledRoute route : routes) {
			Map<String, String> variables = route.template.match(path);
			if (variables == null) {
				continue;
			}
			if (route.accepts(method)) {
				return new Target(route.route.handler(), route.template.text(), variables, serverBodyLimit, server,
						this);
			}
			if (allowed == null) {
				allowed = new TreeSet<>();
				template = route.template.text();
			}
			allowed.addAll(route.allowed());
		}
		if (allowed == null) {
			return null;
		}
		allowed.add("OPTIONS");
		String allow = String.join(", ", allowed);
		return new Target(allowHandler(method.equals("OPTIONS") ? 204 : 405, allow), template, Collections.emptyMap(),
				serverBodyLimit, server, this);
	}

	private Target fixed(Handler handler, String route) {
		return new Target(handler, route, Collections.emptyMap(), serverBodyLimit, server, this);
	}

	static Handler allowHandler(int status, String allow) {
		return Handler.nonBlocking(
				request -> (status == 204 ? Response.status(204) : Response.error(status)).header("Allow", allow));
	}

	private record CompiledRoute(Route route, RouteTemplate template) {

		boolean accepts(String method) {
			Set<String> methods = route.methods();
			return methods.isEmpty() || methods.contains(method) || method.equals("HEAD") && methods.contains("GET");
		}

		Set<String> allowed() {
			Set<String> allowed = new LinkedHashSet<>(route.methods());
			if (allowed.contains("GET")) {
				allowed.add("HEAD");
			}
			return allowed;
		}

		boolean conflictsWith(CompiledRoute other) {
			if (!template.equals(other.template)) {
				return false;
			}
			Set<String> mine = route.methods();
			Set<String> theirs = other.route.methods();
			return mine.isEmpty() || theirs.isEmpty() || mine.stream().anyMatch(theirs::contains);
		}
	}

	private static final class CompiledLocation {

		final Location location;

		final LocationHandler handler;

		final long bodyLimit;

		final String route;

		final Handler optionsHandler;

		final Handler notAllowedHandler;

		private Target last; // the common case repeats: same handler, no variables

		CompiledLocation(Location location, LocationHandler handler, long bodyLimit) {
			this.location = location;
			this.handler = handler;
			this.bodyLimit = bodyLimit;
			String path = location.path();
			this.route = location.redirect() != null ? REDIRECTION
					: location.exact() ? path : path.endsWith("/") ? path + "**" : path + "/**";
			String allow = String.join(", ", handler.allowedMethods());
			this.optionsHandler = allowHandler(204, allow);
			this.notAllowedHandler = allowHandler(405, allow);
		}

		boolean matches(String path) {
			return location.exact() ? path.equals(location.path()) : path.startsWith(location.path());
		}

		Target target(String method, String path, ServerRoutes routes) {
			Handler chosen;
			if (location.redirect() != null || handler.allows(method)) {
				chosen = handler.select(method, path);
			}
			else {
				chosen = method.equals("OPTIONS") ? optionsHandler : notAllowedHandler;
			}
			Target cached = last;
			if (cached != null && cached.handler() == chosen) {
				return cached;
			}
			Target made = new Target(chosen, route, Collections.emptyMap(), bodyLimit, routes.server, routes);
			last = made;
			return made;
		}

	}

}
