package dev.webserv.bench.webflux;

import java.util.Map;

import dev.webserv.bench.servers.Hello;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Spring Boot 4 WebFlux on Reactor Netty, a functional route on every path. One I/O
 * thread ({@code reactor.netty.ioWorkerCount=1}). Reactor Netty writes no Date header, so
 * the route does. Arguments: port.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class WebFluxHello {

	private static final String BODY = new String(Hello.BODY, java.nio.charset.StandardCharsets.US_ASCII);

	public static void main(String[] args) {
		int port = Hello.port(args);
		System.setProperty("reactor.netty.ioWorkerCount", "1");
		SpringApplication application = new SpringApplication(WebFluxHello.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setDefaultProperties(Map.of("server.port", port, "server.address", Hello.HOST,
				"spring.main.banner-mode", "off", "logging.level.root", "warn",
				// the webserv starter is on the bench class path too: keep it out of this
				// app
				"webserv.enabled", false));
		application.run(args);
		System.out.println("webflux listening on http://" + Hello.HOST + ":" + port + "/");
	}

	@Bean
	RouterFunction<ServerResponse> hello() {
		Hello.DateValue date = new Hello.DateValue();
		return RouterFunctions.route(RequestPredicates.all(),
				request -> ServerResponse.ok()
					.contentType(MediaType.TEXT_PLAIN)
					.header("Server", "webflux")
					.header("Date", date.get())
					.bodyValue(BODY));
	}

}
