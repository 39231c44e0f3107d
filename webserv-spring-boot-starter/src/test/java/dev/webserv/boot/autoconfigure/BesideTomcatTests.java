package dev.webserv.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A servlet application with Tomcat: webserv runs beside it on its own listeners. */
class BesideTomcatTests {

	@Test
	void runsOnItsOwnListenerAndLeavesServerPortToTomcat() {
		try (ConfigurableApplicationContext context = run("webserv.servers[0].listen=127.0.0.1:0")) {
			assertThat(context).isInstanceOf(WebServerApplicationContext.class);
			int tomcatPort = ((WebServerApplicationContext) context).getWebServer().getPort();
			int webservPort = context.getBean(WebservWebServer.class).getPort();
			assertThat(webservPort).isPositive().isNotEqualTo(tomcatPort);
			assertThat(context.getEnvironment().getProperty("local.server.port", Integer.class)).isEqualTo(tomcatPort);
			assertThat(context.getEnvironment().getProperty("local.webserv.port", Integer.class))
				.isEqualTo(webservPort);
			assertThat(Http.get(webservPort, "/hello").body()).isEqualTo("from webserv");
			assertThat(Http.get(tomcatPort, "/hello").statusCode()).isEqualTo(404);
		}
	}

	/** server.tomcat.* belongs to Tomcat here: webserv leaves it alone. */
	@Test
	void leavesTomcatsOwnKeysToTomcat() {
		try (ConfigurableApplicationContext context = run("webserv.servers[0].listen=127.0.0.1:0",
				"server.tomcat.max-connections=100")) {
			assertThat(Http.get(context.getBean(WebservWebServer.class).getPort(), "/hello").body())
				.isEqualTo("from webserv");
		}
	}

	@Test
	void needsAListenAddressBesideAnotherServer() {
		assertThatThrownBy(() -> run()).rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("webserv.servers[0].listen")
			.hasMessageContaining("another web server, which owns server.port");
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Routes hello() {
			return Routes.builder().get("/hello", request -> "from webserv").build();
		}

	}

}
