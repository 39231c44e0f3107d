package dev.webserv.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.webserv.Handler;
import dev.webserv.Methods;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.compression.ResponseCompressor;
import dev.webserv.config.Location;
import dev.webserv.config.Route;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * One virtual server, compiled for matching: handler routes first (most literal template
 * wins), then locations (an exact location, else the longest prefix, as nginx does), else
 * the server's fallback exchange handler, if any, else 404. A path that matches but a
 * method that does not gets 405 with Allow; OPTIONS gets 204 with Allow; OPTIONS * gets
 * 204 with every method the server allows somewhere. What a location does with a request
 * is its {@link LocationDispatch}'s business, made by the caller: the router names no
 * handler class.
 */
public final class ServerRoutes {

	static final String NOT_FOUND = "NOT_FOUND";
	static final String REDIRECTION = "REDIRECTION";

	private static final Handler NOT_FOUND_HANDLER = Handler.nonBlocking(request -> Response.error(Status.NOT_FOUND));

	private final VirtualServer server;

	private final long serverBodyLimit;

	private final List<CompiledRoute> routes = new ArrayList<>();

	private final List<CompiledLocation> locations = new ArrayList<>();

	private final Target notFound;

	private final Target asterisk;

	/**
	 * @param dispatch makes the handlers of one of this server's locations
	 */
	public ServerRoutes(VirtualServer server, ServerConfig config, Function<Location, LocationDispatch> dispatch) {
		this.server = server;
		this.serverBodyLimit = server.clientMaxBodySize() >= 0 ? server.clientMaxBodySize()
				: config.limits().maxBodySize();
		ResponseCompressor compressor = ResponseCompressor.of(server.compression());
		Route fallback = null;
		for (Route route : server.routes()) {
			if (route.fallback()) {
				if (fallback != null) {
					throw new IllegalStateException("server " + server.name() + " has two fallbacks");
				}
				fallback = route;
				continue;
			}
			if (compressor != null && route.handler() != null) {
				route = new Route(route.methods(), route.template(), compressor.wrap(route.handler()), route.name());
			}
			RouteTemplate template = new RouteTemplate(route.template());
			CompiledRoute compiled = new CompiledRoute(route, template, new Target(route.handler(), template.text(),
					Collections.emptyMap(), serverBodyLimit, server, route.exchange()));
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
			locations.add(new CompiledLocation(location, dispatch.apply(location), limit));
		}
		notFound = fallback == null ? fixed(NOT_FOUND_HANDLER, NOT_FOUND) : new Target(null, Route.FALLBACK,
				Collections.emptyMap(), serverBodyLimit, server, fallback.exchange());
		Set<String> everywhere = allowedAnywhere();
		asterisk = fixed(Handler.nonBlocking(request -> Methods.options(everywhere)), "*");
		locations.sort(Comparator.comparing((CompiledLocation location) -> location.location.exact())
			.thenComparingInt(location -> location.location.path().length())
			.reversed());
	}

	public VirtualServer server() {
		return server;
	}

	public Target match(String method, String path) {
		if (path.equals("*")) {
			return asterisk;
		}
		Target routed = matchRoute(method, path);
		if (routed != null) {
			return routed;
		}
		for (int i = 0; i < locations.size(); i++) {
			CompiledLocation location = locations.get(i);
			if (location.matches(path)) {
				return location.target(method, path, this);
			}
		}
		return notFound;
	}

	/**
	 * What OPTIONS * advertises (RFC 9110 §9.3.7: the server's capabilities in general):
	 * every method some route or location of this server allows, in the order of
	 * {@link Methods#SERVED}, OPTIONS always.
	 */
	private Set<String> allowedAnywhere() {
		Set<String> union = new TreeSet<>();
		union.add(Methods.OPTIONS);
		for (CompiledRoute route : routes) {
			union.addAll(route.route.methods().isEmpty() ? Methods.SERVED : route.allowed());
		}
		for (CompiledLocation location : locations) {
			union.addAll(location.allowed);
		}
		Set<String> ordered = new LinkedHashSet<>(Methods.SERVED);
		ordered.retainAll(union);
		return Collections.unmodifiableSet(ordered);
	}

	private Target matchRoute(String method, String path) {
		Set<String> allowed = null;
		String template = null;
		for (int i = 0; i < routes.size(); i++) { // no iterator per request
			CompiledRoute route = routes.get(i);
			Map<String, String> variables = route.template.match(path);
			if (variables == null) {
				continue;
			}
			if (route.accepts(method)) {
				// a match without variables gets the route's one Target: nothing made per
				// request
				return variables.isEmpty() ? route.fixed : new Target(route.route.handler(), route.template.text(),
						variables, serverBodyLimit, server, route.route.exchange());
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
		allowed.add(Methods.OPTIONS);
		return new Target(allowHandler(method, allowed), template, Collections.emptyMap(), serverBodyLimit, server);
	}

	private Target fixed(Handler handler, String route) {
		return new Target(handler, route, Collections.emptyMap(), serverBodyLimit, server);
	}

	/**
	 * Answers OPTIONS with 204, any other method with 405; both list the allowed methods.
	 */
	private static Handler allowHandler(String method, Set<String> allowed) {
		return Handler.nonBlocking(
				request -> Methods.OPTIONS.equals(method) ? Methods.options(allowed) : Methods.notAllowed(allowed));
	}

	/**
	 * @param fixed the route's target when a match binds no variable
	 */
	private record CompiledRoute(Route route, RouteTemplate template, Target fixed) {

		boolean accepts(String method) {
			Set<String> methods = route.methods();
			return methods.isEmpty() || methods.contains(method)
					|| method.equals(Methods.HEAD) && methods.contains(Methods.GET);
		}

		Set<String> allowed() {
			Set<String> allowed = new LinkedHashSet<>(route.methods());
			if (allowed.contains(Methods.GET)) {
				allowed.add(Methods.HEAD);
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

		final LocationDispatch dispatch;

		final Set<String> allowed;

		final long bodyLimit;

		final String route;

		final Handler optionsHandler;

		final Handler notAllowedHandler;

		private Target last; // the common case repeats: same handler, no variables

		CompiledLocation(Location location, LocationDispatch dispatch, long bodyLimit) {
			this.location = location;
			this.dispatch = dispatch;
			this.allowed = Set.copyOf(dispatch.allowedMethods());
			this.bodyLimit = bodyLimit;
			String path = location.path();
			this.route = location.redirect() != null ? REDIRECTION
					: location.exact() ? path : path.endsWith("/") ? path + "**" : path + "/**";
			Set<String> inOrder = dispatch.allowedMethods();
			this.optionsHandler = Handler.nonBlocking(request -> Methods.options(inOrder));
			this.notAllowedHandler = Handler.nonBlocking(request -> Methods.notAllowed(inOrder));
		}

		boolean matches(String path) {
			return location.exact() ? path.equals(location.path()) : path.startsWith(location.path());
		}

		Target target(String method, String path, ServerRoutes routes) {
			Handler chosen = null;
			if (location.redirect() != null || !method.equals(Methods.OPTIONS) && allowed.contains(method)) {
				chosen = dispatch.select(method, path);
			}
			if (chosen == null) {
				chosen = method.equals(Methods.OPTIONS) ? optionsHandler : notAllowedHandler;
			}
			Target cached = last;
			if (cached != null && cached.handler() == chosen) {
				return cached;
			}
			Target made = new Target(chosen, route, Collections.emptyMap(), bodyLimit, routes.server);
			last = made;
			return made;
		}

	}

}
