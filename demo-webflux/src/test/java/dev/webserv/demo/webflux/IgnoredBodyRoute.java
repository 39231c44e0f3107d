package dev.webserv.demo.webflux;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** A route that answers a POST without reading its body (tests only). */
@TestConfiguration(proxyBeanMethods = false)
class IgnoredBodyRoute {

	static final String PATH = "/test/ignores-body";

	@Bean
	RouterFunction<ServerResponse> ignoresBodyRoute() {
		return RouterFunctions.route()
			.POST(PATH, request -> ServerResponse.ok().contentLength(7).bodyValue("ignored"))
			.build();
	}

}
