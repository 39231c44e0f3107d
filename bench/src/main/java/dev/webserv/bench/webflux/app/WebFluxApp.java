package dev.webserv.bench.webflux.app;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.webserv.bench.servers.Hello;

/**
 * One WebFlux application, run on webserv or on Reactor Netty with one event loop: a
 * functional route {@code GET /hello} (13 bytes of text/plain) and an annotated
 * controller {@code GET /json} ({@code {"message":"Hello, World!"}}), plus
 * {@code GET /alloc}, the bytes the JVM's threads have allocated so far (run.sh reads it
 * before and after a load to report allocation per request). Arguments: port,
 * {@code webserv|netty}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class WebFluxApp {

	public static void main(String[] args) {
		int port = Hello.port(args);
		String server = (args.length > 1) ? args[1] : "webserv";
		Map<String, Object> properties = new HashMap<>(Map.of("server.port", port, "server.address", Hello.HOST,
				"spring.main.banner-mode", "off", "logging.level.root", "warn"));
		switch (server) {
			case "webserv" -> properties.putAll(Map.of("webserv.io-threads", 1, "webserv.server-header", "webserv",
					"webserv.limits.max-connections", 20_000, "webserv.limits.backlog", 1024,
					"webserv.limits.max-requests-per-connection", 0, "webserv.timeouts.idle", "10m"));
			case "netty" -> {
				// both servers are on the bench class path: keep webserv's starter out
				properties.put("webserv.enabled", false);
				System.setProperty("reactor.netty.ioWorkerCount", "1");
			}
			default -> throw new IllegalArgumentException("server must be webserv or netty: " + server);
		}
		SpringApplication application = new SpringApplication(WebFluxApp.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setDefaultProperties(properties);
		application.run();
		System.out.println("webflux on " + server + " listening on http://" + Hello.HOST + ":" + port + "/");
	}

	@Bean
	RouterFunction<ServerResponse> hello() {
		String body = "Hello, World!";
		return RouterFunctions.route()
			.GET("/hello", (request) -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(body))
			.build();
	}

	/** The annotated controller: JSON through Jackson. */
	@RestController
	static class JsonController {

		@GetMapping("/json")
		Message json() {
			return new Message("Hello, World!");
		}

		@GetMapping("/alloc")
		String allocated() {
			var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
			return Long.toString(threads.getTotalThreadAllocatedBytes());
		}

	}

	record Message(String message) {
	}

}
