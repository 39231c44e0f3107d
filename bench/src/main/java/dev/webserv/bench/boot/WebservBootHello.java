package dev.webserv.bench.boot;

import java.util.Map;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.bench.servers.Hello;
import dev.webserv.boot.WebservRoute;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * webserv through its Spring Boot starter: a handler bean mounted with
 * {@link WebservRoute}, non-blocking so it answers on the event loop like the core hello.
 * A plain (non-web) context, webserv the only server, with the same settings as
 * {@code WebservHello}: one I/O thread, 20,000 connections, unlimited requests per
 * connection, idle timeout 10 minutes. Arguments: port.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class WebservBootHello {

	public static void main(String[] args) {
		int port = Hello.port(args);
		SpringApplication application = new SpringApplication(WebservBootHello.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.ofEntries(Map.entry("server.port", port),
				Map.entry("server.address", Hello.HOST), Map.entry("webserv.io-threads", 1),
				Map.entry("webserv.server-header", "webserv"), Map.entry("webserv.limits.max-connections", 20_000),
				Map.entry("webserv.limits.backlog", 1024), Map.entry("webserv.limits.max-requests-per-connection", 0),
				Map.entry("webserv.timeouts.idle", "10m"), Map.entry("spring.main.banner-mode", "off"),
				Map.entry("logging.level.root", "warn")));
		application.run(args);
		System.out.println("webserv-boot listening on http://" + Hello.HOST + ":" + port + "/");
	}

	@Bean
	@WebservRoute(path = "/")
	Handler hello() {
		return Handler.nonBlocking(request -> Response.ok(Hello.BODY, Hello.CONTENT_TYPE));
	}

	@Bean
	@WebservRoute(path = "/{path}")
	Handler helloAnyPath() {
		return Handler.nonBlocking(request -> Response.ok(Hello.BODY, Hello.CONTENT_TYPE));
	}

}
