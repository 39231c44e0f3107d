package dev.webserv.boot.autoconfigure.actuate;

import java.util.Set;

import dev.webserv.Handler;
import dev.webserv.config.Route;

/**
 * One route serving Actuator: a method, a path template and its handler.
 *
 * @param method the HTTP method (GET also answers HEAD)
 * @param template the path template, the {@code uri} tag of its requests
 * @param handler the handler
 * @param name what the route serves, for messages
 */
record EndpointRoute(String method, String template, Handler handler, String name) {

	Route toRoute() {
		return new Route(Set.of(method), template, handler, name);
	}
}
