package dev.webserv.demo;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.webserv.ServerStatistics;
import dev.webserv.Webserv;
import dev.webserv.boot.ResultHandler;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;

/** The admin listener's routes: live figures of the server itself. */
@Configuration(proxyBeanMethods = false)
class AdminHandlers {

	/**
	 * The web server is looked up per request through the provider: the server is built
	 * from the handler beans, so a handler cannot take it as a constructor argument.
	 */
	@Bean
	Routes adminRoutes(ObjectProvider<WebservWebServer> webServer) {
		return Routes.builder()
			.servers("admin")
			.get("/status", ResultHandler.nonBlocking(request -> status(webServer.getObject().getWebserv())))
			.build();
	}

	private static Status status(Webserv webserv) {
		ServerStatistics figures = webserv.statistics();
		return new Status(webserv.state().name(), figures.connections(), figures.requestsInFlight(),
				webserv.listenerStates());
	}

	record Status(String state, int activeConnections, int requestsInFlight, Map<String, Boolean> listeners) {
	}

}
