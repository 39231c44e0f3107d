package dev.webserv.router;

import java.util.Map;

import dev.webserv.ExchangeHandler;
import dev.webserv.Handler;
import dev.webserv.config.VirtualServer;

/**
 * Where a request goes: its handler (or exchange handler), the route name for metrics,
 * path variables, the body limit, and the virtual server (for error pages).
 *
 * @param handler the handler, or null when {@code exchange} answers
 * @param maxBodySize bytes, 0 = no limit
 * @param exchange the exchange handler, or null when {@code handler} answers
 */
public record Target(Handler handler, String route, Map<String, String> pathVariables, long maxBodySize,
		VirtualServer server, ExchangeHandler exchange) {

	/** A target answered by a (request, response) handler. */
	public Target(Handler handler, String route, Map<String, String> pathVariables, long maxBodySize,
			VirtualServer server) {
		this(handler, route, pathVariables, maxBodySize, server, null);
	}

}
