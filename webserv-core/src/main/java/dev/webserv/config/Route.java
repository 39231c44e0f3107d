package dev.webserv.config;

import java.util.Set;

import dev.webserv.ExchangeHandler;
import dev.webserv.Handler;
import dev.webserv.Methods;

/**
 * A handler mounted on a path template such as "/users/{id}". Routes are tried before
 * locations. A route carries either a {@link Handler} (the request arrives with its whole
 * body) or an {@link ExchangeHandler} (dispatched at the head, body and response
 * streamed). The template {@value #FALLBACK} makes a fallback: it answers what no other
 * route and no location of its server matches, instead of a 404.
 *
 * @param methods the methods it answers, each one of {@link Methods#SERVED}; empty means
 * every method
 * @param template the path template; "{name}" matches one path segment
 * @param handler the handler, or null for an exchange route
 * @param name a name for messages (a bean name, say)
 * @param exchange the exchange handler, or null for a handler route
 */
public record Route(Set<String> methods, String template, Handler handler, String name, ExchangeHandler exchange) {

	/** The template of a fallback route: everything nothing else matched. */
	public static final String FALLBACK = "/**";

	public Route {
		if (template == null || !template.startsWith("/")) {
			throw new IllegalArgumentException("route template must start with '/': " + template);
		}
		methods = Set.copyOf(Methods.checked("route " + template + " methods", methods));
		if ((handler == null) == (exchange == null)) {
			throw new IllegalArgumentException("route " + template + " needs a handler or an exchange handler, not "
					+ (handler == null ? "neither" : "both"));
		}
		if (name == null) {
			name = template;
		}
	}

	/** A route with a (request, response) handler. */
	public Route(Set<String> methods, String template, Handler handler, String name) {
		this(methods, template, handler, name, null);
	}

	public static Route of(String method, String template, Handler handler) {
		return new Route(Set.of(method), template, handler, null);
	}

	public static Route any(String template, Handler handler) {
		return new Route(Set.of(), template, handler, null);
	}

	/** An exchange handler on a template, for one method (or every method: null). */
	public static Route exchange(String method, String template, ExchangeHandler handler) {
		return new Route(method == null ? Set.of() : Set.of(method), template, null, null, handler);
	}

	/** An exchange handler for whatever no route or location of its server matches. */
	public static Route fallback(ExchangeHandler handler) {
		return new Route(Set.of(), FALLBACK, null, null, handler);
	}

	/** Whether this route answers what nothing else matched. */
	public boolean fallback() {
		return template.equals(FALLBACK);
	}

}
