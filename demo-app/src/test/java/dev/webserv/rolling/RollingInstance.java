package dev.webserv.rolling;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.webserv.boot.Routes;
import dev.webserv.demo.DemoApplication;

/**
 * One instance of the demo for {@link RollingRestartTests}, run in its own JVM (outside
 * the demo's package, so the demo's own tests never scan {@code /who}): the demo plus GET
 * /who, which answers the instance's name and the client address and port the request was
 * made from.
 */
public final class RollingInstance {

	private RollingInstance() {
	}

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { DemoApplication.class, WhoRoute.class }, args);
	}

	@Configuration(proxyBeanMethods = false)
	static class WhoRoute {

		@Bean
		Routes whoRoute(@Value("${rolling.instance}") String instance) {
			return Routes.builder()
				.servers("public")
				.get("/who",
						request -> instance + " " + request.remoteAddress().getAddress().getHostAddress() + ":"
								+ request.remoteAddress().getPort())
				.build();
		}

	}

}
