package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.http.MediaType;

import dev.webserv.boot.reactive.WebservReactiveWebServer;

/**
 * The demo on webserv (its dependencies as shipped): every test of
 * {@link WebFluxApplicationTests}, plus what only webserv does: a location answering
 * before WebFlux, and webserv's own connection meters beside WebFlux's request timer.
 */
class OnWebservTests extends WebFluxApplicationTests {

	@Autowired
	ReactiveWebServerApplicationContext context;

	@Test
	void theServerIsWebserv() {
		assertThat(context.getWebServer()).isInstanceOf(WebservReactiveWebServer.class);
		client.get().uri("/api/hello").exchange().expectHeader().valueMatches("Server", "webserv.*");
	}

	@Test
	void actuatorShowsWebservsHealthAndEndpoint() {
		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.webserv.status")
			.isEqualTo("UP")
			.jsonPath("$.components.webserv.details.state")
			.isEqualTo("RUNNING");
	}

	@Test
	void aWebservLocationAnswersBeforeWebFlux() {
		client.get()
			.uri("/docs/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("Served by webserv"));
		// the location claims its whole prefix: a missing file is webserv's 404, not
		// WebFlux's
		client.get()
			.uri("/docs/missing.html")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@Test
	void webservsMetersStayAndWebFluxRequestsAreNotTimedTwice() {
		client.get().uri("/docs/").exchange().expectStatus().isOk();
		// the request is timed once its last byte left, which may be after the client
		// read it
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"/docs/[^\"]*\"")
				.matcher(prometheus())
				.find());
		String metrics = prometheus();
		assertThat(metrics).contains("webserv_connections_active").contains("webserv_eventloop_keys_per_wakeup");
		assertThat(metrics).contains("uri=\"/api/items/{id}\"").doesNotContain("uri=\"/**\"");
		assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/docs/[^\"]*\"");
	}

	/** Up to 1 MiB is read and dropped, as nginx does; past it the answer closes. */
	@Override
	boolean keepsTheConnectionAfterAnIgnoredBodyOf(int bytes) {
		return bytes <= 1024 * 1024;
	}

}
