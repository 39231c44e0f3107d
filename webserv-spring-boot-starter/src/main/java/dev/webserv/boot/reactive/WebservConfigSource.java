package dev.webserv.boot.reactive;

import dev.webserv.ExchangeHandler;
import dev.webserv.config.Limits;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * Builds the configuration of the server a {@link WebservReactiveWebServerFactory}
 * starts. The starter's source maps {@code webserv.*}: each virtual server keeps its
 * locations and routes and gets the application as its fallback, and a server without
 * {@code listen} listens on the factory's address and port.
 */
@FunctionalInterface
public interface WebservConfigSource {

	/**
	 * @param primary the factory's address and port (server.address, server.port)
	 * @param application the WebFlux application, as an exchange handler
	 * @return the configuration, with the application mounted
	 */
	ServerConfig build(ListenAddress primary, ExchangeHandler application);

	/**
	 * One virtual server on the primary address whose every request goes to the
	 * application, with the core's defaults for everything else but the body limit: none,
	 * as on Reactor Netty (a factory built without the starter's configuration, as in the
	 * management server's child context).
	 */
	static WebservConfigSource plain() {
		return (primary, application) -> ServerConfig.builder()
			.limits(Limits.DEFAULTS.withMaxBodySize(0))
			.server(VirtualServer.builder().name("application").listen(primary).fallback(application).build())
			.build();
	}

}
