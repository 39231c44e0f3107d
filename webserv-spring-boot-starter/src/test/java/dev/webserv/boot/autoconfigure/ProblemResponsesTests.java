package dev.webserv.boot.autoconfigure;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.webserv.Handler;
import dev.webserv.boot.ExceptionStatuses;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors of handler beans: mapped exceptions get their status, JSON clients get RFC 9457
 * problem bodies, browsers the HTML pages.
 */
class ProblemResponsesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebservAutoConfiguration.class))
		.withUserConfiguration(Handlers.class)
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void anAnnotatedExceptionGetsItsStatusAndReasonAsAProblem() {
		runner.run(context -> {
			HttpResponse<String> response = get(context.getBean(WebservWebServer.class).getPort(), "/users/7",
					"application/json");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
					+ "\"detail\":\"no such user\",\"instance\":\"/users/7\"}");
		});
	}

	@Test
	void aRegisteredExceptionTypeAndAResponseStatusExceptionGetTheirStatus() {
		runner.run(context -> {
			int port = context.getBean(WebservWebServer.class).getPort();
			assertThat(get(port, "/lookup", "application/json").statusCode()).isEqualTo(410);
			HttpResponse<String> conflict = get(port, "/conflict", "application/problem+json");
			assertThat(conflict.statusCode()).isEqualTo(409);
			assertThat(conflict.body()).contains("\"detail\":\"already there\"");
			assertThat(get(port, "/core", "application/json").statusCode()).isEqualTo(404);
		});
	}

	@Test
	void anUnmappedExceptionIsA500ProblemWithoutItsMessage() {
		runner.run(context -> {
			HttpResponse<String> response = get(context.getBean(WebservWebServer.class).getPort(), "/boom",
					"application/json");
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"status\":500").doesNotContain("password");
		});
	}

	@Test
	void browsersKeepTheHtmlPages() {
		runner.run(context -> {
			int port = context.getBean(WebservWebServer.class).getPort();
			HttpResponse<String> response = get(port, "/users/7",
					"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
			assertThat(get(port, "/missing", "*/*").body()).contains("404 Not Found");
			assertThat(get(port, "/missing", "application/json").body()).contains("\"status\":404");
		});
	}

	@Test
	void returnsARecordAsJson() {
		runner.run(context -> {
			HttpResponse<String> response = get(context.getBean(WebservWebServer.class).getPort(), "/record",
					"application/json");
			assertThat(response.body()).isEqualTo("{\"id\":1,\"name\":\"Ada\"}");
		});
	}

	private static HttpResponse<String> get(int port, String path, String accept) {
		return Http.send(Http.request(port, path).header("Accept", accept).GET().build());
	}

	@ResponseStatus(code = HttpStatus.NOT_FOUND, reason = "no such user")
	static class UserNotFound extends RuntimeException {

	}

	record User(long id, String name) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Routes routes() {
			return Routes.builder().get("/users/{id}", request -> {
				throw new UserNotFound();
			}).get("/lookup", request -> {
				throw new NoSuchElementException("gone");
			}).get("/conflict", request -> {
				throw new ResponseStatusException(HttpStatus.CONFLICT, "already there");
			}).get("/boom", request -> {
				throw new IllegalStateException("password=hunter2");
			}).get("/record", request -> new User(1, "Ada")).build();
		}

		@Bean
		ExceptionStatuses goneStatuses() {
			return ExceptionStatuses.of(Map.of(NoSuchElementException.class, 410));
		}

		@Bean
		@dev.webserv.boot.WebservRoute(path = "/core")
		Handler coreHandler() {
			return request -> {
				throw new UserNotFound();
			};
		}

	}

}
