package dev.webserv.config;

import java.util.Set;

import dev.webserv.Handler;
import dev.webserv.Methods;

/**
 * A handler mounted on a path template such as "/users/{id}". Routes are tried before
 * locations.
 *
 * @param methods the methods it answers, each one of {@link Methods#SERVED}; empty means
 * every method
 * @param template the path template; "{name}" matches one path segment
 * @param handler the handler
 * @param name a name for messages (a bean name, say)
 */
public record Route(Set<String> methods, String template, Handler handler, String name) {

	public Route {
		if (template == null || !template.startsWith("/")) {
			throw new IllegalArgumentException("route template must start with '/': " + template);
		}
		methods = Set.copyOf(Methods.checked("route " + template + " methods", methods));
		if (handler == null) {
			throw new IllegalArgumentException("route " + template + " has no handler");
		}
		if (name == null) {
			name = template;
		}
	}

	public static Route of(String method, String template, Handler handler) {
		return new Route(Set.of(method), template, handler, null);
	}

	public static Route any(String template, Handler handler) {
		return new Route(Set.of(), template, handler, null);
	}
}
