package dev.webserv.demo.webflux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** A functional route beside the annotated controllers. */
@Configuration(proxyBeanMethods = false)
class FunctionalRoutes {

	@Bean
	RouterFunction<ServerResponse> helloRoute() {
		return RouterFunctions.route()
			.GET("/fn/hello/{name}",
					request -> ServerResponse.ok().bodyValue("Hello, " + request.pathVariable("name") + "!"))
			.build();
	}

}
