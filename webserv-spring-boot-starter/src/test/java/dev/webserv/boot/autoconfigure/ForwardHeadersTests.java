package dev.webserv.boot.autoconfigure;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boot's server.forward-headers-strategy on webserv, over HTTP from 127.0.0.1 (one of
 * Boot's default internal proxies): native believes X-Forwarded-*, so handlers and
 * Actuator links see the client, scheme and host the proxy reports; unset, framework and
 * none believe nothing; webserv.trusted-proxies beside framework or none fails start-up.
 */
class ForwardHeadersTests {

	@Test
	void nativeTrustsBootsInternalProxiesForHandlersAndActuatorLinks() {
		try (ConfigurableApplicationContext context = run("server.forward-headers-strategy=native")) {
			int port = port(context);
			assertThat(context.getBean(WebservWebServer.class).getConfig().trustedProxies())
				.isEqualTo(ForwardHeaders.BOOT_INTERNAL_PROXIES);
			assertThat(forwarded(port, "/who").body()).isEqualTo("203.0.113.9 https shop.example");
			assertThat(forwarded(port, "/actuator").body()).contains("\"href\":\"https://shop.example/actuator\"");
		}
	}

	@Test
	void aCloudPlatformTurnsNativeOnAsBootDoes() {
		try (ConfigurableApplicationContext context = run("spring.main.cloud-platform=kubernetes")) {
			assertThat(forwarded(port(context), "/who").body()).isEqualTo("203.0.113.9 https shop.example");
		}
	}

	@Test
	void explicitTrustedProxiesWinOverBootsDefaults() {
		try (ConfigurableApplicationContext context = run("server.forward-headers-strategy=native",
				"webserv.trusted-proxies=10.0.0.0/8")) {
			assertThat(forwarded(port(context), "/who").body()).isEqualTo("127.0.0.1 http 127.0.0.1");
		}
	}

	@Test
	void unsetFrameworkAndNoneBelieveNoForwardedHeader() {
		for (String strategy : new String[] { "", "framework", "none" }) {
			try (ConfigurableApplicationContext context = run("server.forward-headers-strategy=" + strategy)) {
				int port = port(context);
				assertThat(forwarded(port, "/who").body()).as(strategy).isEqualTo("127.0.0.1 http 127.0.0.1");
				assertThat(forwarded(port, "/actuator").body()).as(strategy)
					.contains("\"href\":\"http://127.0.0.1:" + port + "/actuator\"");
			}
		}
	}

	@Test
	void trustedProxiesBesideFrameworkOrNoneFailStartUp() {
		for (String strategy : new String[] { "framework", "none" }) {
			assertThatThrownBy(
					() -> run("server.forward-headers-strategy=" + strategy, "webserv.trusted-proxies=10.0.0.1"))
				.as(strategy)
				.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class)
				.rootCause()
				.hasMessageContaining("webserv.trusted-proxies")
				.hasMessageContaining("server.forward-headers-strategy");
		}
	}

	private static HttpResponse<String> forwarded(int port, String path) {
		return Http.send(Http.request(port, path)
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "shop.example")
			.build());
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(WebservWebServer.class).getPort();
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(WhoApp.class).web(WebApplicationType.NONE)
			.properties("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"spring.main.banner-mode=off", "management.endpoints.web.exposure.include=health")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WhoApp {

		@Bean
		Routes whoRoutes() {
			return Routes.builder()
				.get("/who",
						request -> request.remoteAddress().getAddress().getHostAddress() + " " + request.scheme() + " "
								+ request.host())
				.build();
		}

	}

}
