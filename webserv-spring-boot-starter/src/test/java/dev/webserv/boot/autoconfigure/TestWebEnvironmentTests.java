package dev.webserv.boot.autoconfigure;

import java.net.ServerSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpringBootTest} web environments with explicit listen addresses, as in the
 * README: RANDOM_PORT moves them to free ports, NONE starts no listener. (The test class
 * path has Tomcat, so RANDOM_PORT sets spring.main.web-application-type=none as an
 * application beside no servlet stack has it; webserv still starts.)
 */
class TestWebEnvironmentTests {

	/** A port in use, so a test that kept the configured port could not start. */
	static ServerSocket taken;

	@BeforeAll
	static void takeAPort() throws Exception {
		taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
		System.setProperty("webserv.test.taken-port", String.valueOf(taken.getLocalPort()));
	}

	@AfterAll
	static void release() throws Exception {
		System.clearProperty("webserv.test.taken-port");
		taken.close();
	}

	@Nested
	@SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=none", "webserv.io-threads=1",
					"webserv.servers[0].listen=127.0.0.1:${webserv.test.taken-port}", "webserv.servers[1].name=admin",
					"webserv.servers[1].listen=127.0.0.1:${webserv.test.taken-port}" })
	class RandomPort {

		@LocalServerPort
		int port;

		@Autowired
		WebservWebServer server;

		@Test
		void movesEveryListenAddressToAFreePortAndReportsThePrimary() {
			assertThat(port).isPositive().isNotEqualTo(taken.getLocalPort()).isEqualTo(server.getPort());
			assertThat(server.getPort("admin")).isPositive().isNotEqualTo(taken.getLocalPort()).isNotEqualTo(port);
			assertThat(Http.get(port, "/nothing").statusCode()).isEqualTo(404);
		}

	}

	@Nested
	@SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
			properties = { "webserv.io-threads=1", "webserv.servers[0].listen=127.0.0.1:${webserv.test.taken-port}" })
	class None {

		@Autowired
		WebservWebServer server;

		@Test
		void startsNoListener() {
			assertThat(server.getWebserv().state()).isEqualTo(Webserv.State.NEW);
			assertThat(server.getPort()).isLessThanOrEqualTo(0);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(WebservAutoConfiguration.class)
	static class App {

	}

}
