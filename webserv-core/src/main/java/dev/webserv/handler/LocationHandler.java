package dev.webserv.handler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * Serves one nginx-style location: picks, per request, the redirect, the custom handler, or the built-in
 * handler for the method (static files for GET and HEAD, upload for POST and PUT, DELETE, CGI by extension).
 */
public final class LocationHandler {

	private final Location location;
	private final Set<String> allowed;
	private final Handler redirect;

	public LocationHandler(VirtualServer server, Location location, ServerConfig config) {
		this.location = location;
		this.allowed = allowedMethods(location);
		this.redirect = location.redirect() == null ? null
				: Handler.nonBlocking(request -> Response.redirect(location.redirect().status(),
						location.redirect().location()));
	}

	private static Set<String> allowedMethods(Location location) {
		Set<String> methods = new LinkedHashSet<>();
		if (location.methods().isEmpty()) {
			methods.addAll(List.of("GET", "HEAD"));
			if (!location.cgi().isEmpty()) {
				methods.add("POST");
			}
			if (location.uploadDir() != null) {
				methods.addAll(List.of("POST", "PUT", "DELETE"));
			}
		}
		else {
			methods.addAll(location.methods());
			if (methods.contains("GET")) {
				methods.add("HEAD");
			}
		}
		methods.add("OPTIONS");
		return methods;
	}

	/** The methods this location answers, for Allow. */
	public Set<String> allowedMethods() {
		return allowed;
	}

	public boolean allows(String method) {
		return !method.equals("OPTIONS") && allowed.contains(method);
	}

	/** The handler for this request. */
	public Handler select(String method, String path) {
		if (redirect != null) {
			return redirect;
		}
		if (location.handler() != null) {
			return location.handler();
		}
		return NotFound.HANDLER;
	}

	private static final class NotFound {
		static final Handler HANDLER = Handler.nonBlocking(request -> Response.error(404));
	}
}
