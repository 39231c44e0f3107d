package dev.webserv.boot.autoconfigure.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

	/**
	 * Issue 12's list of what keeps working in front of WebFlux: an upload location, a
	 * CGI location and a redirect answer as webserv's own (the application never sees
	 * them), and the rest goes to the application.
	 */
	@Test
	void uploadCgiAndRedirectLocationsAnswerBeforeTheApplication(@TempDir Path dir) throws Exception {
		Path uploads = Files.createDirectories(dir.resolve("uploads"));
		Path scripts = Files.createDirectories(dir.resolve("cgi-bin"));
		Files.writeString(scripts.resolve("hello.sh"),
				"printf 'Content-Type: text/plain\\r\\n\\r\\ncgi %s' \"$QUERY_STRING\"\n");
		try (ConfigurableApplicationContext context = application("server.port=0",
				"webserv.servers[0].locations[0].path=/uploads",
				"webserv.servers[0].locations[0].upload-dir=" + uploads,
				"webserv.servers[0].locations[1].path=/cgi-bin/", "webserv.servers[0].locations[1].root=" + dir,
				"webserv.servers[0].locations[1].cgi.[.sh]=/bin/sh", "webserv.servers[0].locations[2].path=/old",
				"webserv.servers[0].locations[2].redirect.status=301",
				"webserv.servers[0].locations[2].redirect.location=/new")) {
			int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> stored = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/uploads/note.txt"))
					.PUT(HttpRequest.BodyPublishers.ofString("uploaded"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
			assertThat(Files.readString(uploads.resolve("note.txt"))).isEqualTo("uploaded");
			assertThat(get(port, "/uploads/note.txt").body()).isEqualTo("uploaded");
			assertThat(get(port, "/cgi-bin/hello.sh?x=1").body()).isEqualTo("cgi x=1");
			HttpResponse<String> moved = get(port, "/old");
			assertThat(moved.statusCode()).isEqualTo(301);
			assertThat(moved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/new"));
			assertThat(get(port, "/new").body()).isEqualTo("application: GET /new?null");
		}
	}

	/**
	 * server.max-http-request-header-size applies in WebFlux mode too: a larger head is
	 * webserv's 431, before the application.
	 */
	@Test
	void bootsHeaderSizeLimitApplies() throws Exception {
		try (ConfigurableApplicationContext context = application("server.port=0",
				"server.max-http-request-header-size=1KB")) {
			int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> small = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a"))
					.header("X-Pad", "x".repeat(500))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(small.statusCode()).isEqualTo(200);
			HttpResponse<String> large = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a"))
					.header("X-Pad", "x".repeat(2000))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(large.statusCode()).isEqualTo(431);
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

	/**
	 * spring.lifecycle.timeout-per-shutdown-phase bounds a graceful shutdown in WebFlux
	 * mode too: a request that never ends holds the close for about 1 s, not the default
	 * 30 s.
	 */
	@Test
	void theShutdownPhaseTimeoutBoundsAGracefulShutdown() throws Exception {
		ConfigurableApplicationContext context = application("server.port=0", "server.shutdown=graceful",
				"spring.lifecycle.timeout-per-shutdown-phase=1s");
		int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
		CompletableFuture<HttpResponse<String>> hanging = client.sendAsync(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hang")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(Application.hanging.await(10, TimeUnit.SECONDS)).as("the request reached the application").isTrue();
		long start = System.nanoTime();
		context.close();
		Duration closing = Duration.ofNanos(System.nanoTime() - start);
		assertThat(closing).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(10));
		hanging.cancel(true);
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

		static final CountDownLatch hanging = new CountDownLatch(1);

		@Bean
		HttpHandler httpHandler() {
			return (request, response) -> {
				if (request.getURI().getPath().equals("/hang")) {
					return Mono.<Void>never().doOnSubscribe(subscription -> hanging.countDown());
				}
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
