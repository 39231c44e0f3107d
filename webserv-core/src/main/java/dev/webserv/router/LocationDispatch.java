package dev.webserv.router;

import java.util.Set;

import dev.webserv.Handler;

/**
 * What the router needs of a location's handlers, so that it names no handler class: the
 * methods the location answers and, per request, its handler. The composition root makes
 * one per location (see {@code dev.webserv.handler.LocationHandler}).
 */
public interface LocationDispatch {

	/**
	 * The methods this location answers, OPTIONS included, in the order Allow lists them.
	 */
	Set<String> allowedMethods();

	/**
	 * The handler for an allowed method, or null when the location has nothing to do with
	 * it (the router then answers 405 with Allow). Called on the event loop, so it looks
	 * at strings only.
	 */
	Handler select(String method, String path);

}
