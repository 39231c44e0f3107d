package dev.webserv.boot.autoconfigure.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;

import dev.webserv.boot.WebservWebServer;
import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;
import dev.webserv.boot.autoconfigure.WebservLifecycle;
import dev.webserv.boot.reactive.WebservConfigSource;
import dev.webserv.boot.reactive.WebservReactiveWebServer;
import dev.webserv.boot.reactive.WebservReactiveWebServerFactory;

/**
 * webserv as the reactive web server: which beans exist, and an application that runs
 * with webserv's locations in front of its {@link HttpHandler}.
 */
class WebservReactiveWebServerAutoConfigurationTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WebservReactiveWebServerAutoConfiguration.class, WebservAutoConfiguration.class));

	@Test
	void aReactiveApplicationGetsWebservsFactoryFedByTheStartersConfiguration() {
		runner.run(context -> {
			assertThat(context).hasSingleBean(WebservReactiveWebServerFactory.class)
				.hasSingleBean(WebservConfigSource.class)
				.doesNotHaveBean(WebservWebServer.class)
				.doesNotHaveBean(WebservLifecycle.class)
				.doesNotHaveBean("webservGracefulShutdown");
		});
	}

	@Test
	void backsOffOnTheApplicationsOwnFactory() {
		runner.withUserConfiguration(OwnFactory.class)
			.withPropertyValues("webserv.servers[0].listen=127.0.0.1:0")
			.run(context -> {
				assertThat(context).hasSingleBean(ReactiveWebServerFactory.class)
					.doesNotHaveBean(WebservReactiveWebServerFactory.class)
					.hasSingleBean(WebservWebServer.class);
				assertThat(context.getBean(ReactiveWebServerFactory.class))
					.isSameAs(context.getBean(OwnFactory.class).factory);
			});
	}

	@Test
	void webservDisabledLeavesTheServerToOthers() {
		runner.withPropertyValues("webserv.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(WebservReactiveWebServerFactory.class));
	}

	@Test
	void locationsAnswerFirstAndTheApplicationAnswersTheRest() throws Exception {
		try (ConfigurableApplicationContext context = application("server.port=0",
				"webserv.servers[0].locations[0].path=/docs/",
				"webserv.servers[0].locations[0].root=classpath:/site/")) {
			int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
			assertThat(context.getEnvironment().getProperty("local.server.port", Integer.class)).isEqualTo(port);
			assertThat(context.getEnvironment().getProperty("local.webserv.port", Integer.class)).isEqualTo(port);
			assertThat(get(port, "/docs/page.txt").body()).isEqualTo(classpathText("site/docs/page.txt"));
			HttpResponse<String> missing = get(port, "/docs/missing.txt");
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.body()).doesNotContain("application");
			assertThat(get(port, "/api/anything?x=1").body()).isEqualTo("application: GET /api/anything?x=1");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("http.server.requests").tag("uri", "/**").timers()).isEmpty();
			assertThat(registry.find("http.server.requests").timers()).extracting(Timer::count).contains(1L);
		}
	}

	@Test
	void serverPortThatNoListenAddressTakesFailsStartup() {
		assertThatThrownBy(() -> application("server.port=0", "webserv.servers[0].listen=127.0.0.1:1").close())
			.hasStackTraceContaining("server.port")
			.hasStackTraceContaining("listen addresses of its own");
	}

	/**
	 * A WebFlux application switched from Reactor Netty keeping its server.netty.* keys.
	 */
	@Test
	void reactorNettysKeysFailStartup() {
		assertThatThrownBy(() -> application("server.port=0", "server.netty.idle-timeout=30s").close())
			.hasStackTraceContaining("server.netty")
			.hasStackTraceContaining("does not read it");
	}

	@Test
	void theServerStopsWithTheContext() {
		WebservReactiveWebServer server;
		try (ConfigurableApplicationContext context = application("server.port=0")) {
			server = (WebservReactiveWebServer) ((ReactiveWebServerApplicationContext) context).getWebServer();
			assertThat(server.getPort()).isPositive();
		}
		assertThat(server.getPort()).isEqualTo(-1);
	}

	private static ConfigurableApplicationContext application(String... properties) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.properties("spring.main.banner-mode=off", "server.address=127.0.0.1")
			.properties(properties)
			.run();
	}

	private static String classpathText(String resource) throws IOException {
		return new String(WebservReactiveWebServerAutoConfigurationTests.class.getClassLoader()
			.getResourceAsStream(resource)
			.readAllBytes(), StandardCharsets.UTF_8);
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		@Bean
		HttpHandler httpHandler() {
			return (request, response) -> {
				String text = "application: " + request.getMethod() + " " + request.getURI().getRawPath() + "?"
						+ request.getURI().getRawQuery();
				return response
					.writeWith(Mono.just(response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8))));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFactory {

		final ReactiveWebServerFactory factory = (httpHandler) -> {
			throw new IllegalStateException("not started in this test");
		};

		@Bean
		ReactiveWebServerFactory ownFactory() {
			return factory;
		}

	}

}
