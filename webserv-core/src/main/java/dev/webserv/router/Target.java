package dev.webserv.router;

import java.util.Map;

import dev.webserv.Handler;
import dev.webserv.config.VirtualServer;

/**
 * Where a request goes: its handler, the route name for metrics, path variables, the body
 * limit, and the virtual server (for error pages).
 *
 * @param maxBodySize bytes, 0 = no limit
 */
public record Target(Handler handler, String route, Map<String, String> pathVariables, long maxBodySize,
		VirtualServer server) {
}
