package dev.webserv.boot.autoconfigure.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import dev.webserv.events.RequestLog;

import static org.assertj.core.api.Assertions.assertThat;

/** The tag values of http.server.requests, as Spring's WebFlux convention gives them. */
class DefaultWebservServerRequestObservationConventionTests {

	private final DefaultWebservServerRequestObservationConvention convention = new DefaultWebservServerRequestObservationConvention();

	@Test
	void aRouteIsTaggedWithItsTemplateAndTheKeysComeInSpringsOrder() {
		assertThat(tags(log("GET", "/users/{id}", 200, null))).containsExactly(Map.entry("exception", "none"),
				Map.entry("method", "GET"), Map.entry("outcome", "SUCCESS"), Map.entry("status", "200"),
				Map.entry("uri", "/users/{id}"));
	}

	@Test
	void theOutcomeFollowsTheStatusSeries() {
		assertThat(tags(log("GET", "/a", 101, null))).containsEntry("outcome", "INFORMATIONAL");
		assertThat(tags(log("GET", "/a", 204, null))).containsEntry("outcome", "SUCCESS");
		assertThat(tags(log("GET", "/a", 304, null))).containsEntry("outcome", "REDIRECTION");
		assertThat(tags(log("GET", "/a", 413, null))).containsEntry("outcome", "CLIENT_ERROR");
		assertThat(tags(log("GET", "/a", 503, null))).containsEntry("outcome", "SERVER_ERROR");
	}

	@Test
	void aClientThatWentAwayHasNeitherStatusNorOutcome() {
		assertThat(tags(log("GET", "/slow", 499, null))).containsEntry("status", "UNKNOWN")
			.containsEntry("outcome", "UNKNOWN")
			.containsEntry("uri", "/slow");
	}

	@Test
	void withoutARouteTheUriIsAFixedWord() {
		assertThat(tags(log("GET", "NOT_FOUND", 404, null))).containsEntry("uri", "NOT_FOUND");
		assertThat(tags(log("GET", "REDIRECTION", 301, null))).containsEntry("uri", "REDIRECTION");
		assertThat(tags(log("GET", "UNKNOWN", 404, null))).containsEntry("uri", "NOT_FOUND");
		assertThat(tags(log("GET", "UNKNOWN", 302, null))).containsEntry("uri", "REDIRECTION");
		assertThat(tags(log("GET", "UNKNOWN", 400, null))).containsEntry("uri", "UNKNOWN");
		assertThat(tags(log("GET", null, 500, null))).containsEntry("uri", "UNKNOWN");
	}

	@Test
	void aLocationIsTaggedWithItsPattern() {
		assertThat(tags(log("GET", "/static/**", 200, null))).containsEntry("uri", "/static/**");
	}

	@Test
	void anExceptionIsTaggedByItsSimpleNameAndAnAnonymousOneByItsName() {
		assertThat(tags(log("GET", "/a", 500, new IllegalStateException()))).containsEntry("exception",
				"IllegalStateException");
		RuntimeException anonymous = new RuntimeException() {
		};
		assertThat(tags(log("GET", "/a", 500, anonymous))).containsEntry("exception", anonymous.getClass().getName());
	}

	@Test
	void aMethodOutsideTheStandardOnesIsUnknown() {
		assertThat(tags(log("PROPFIND", "/a", 405, null))).containsEntry("method", "UNKNOWN");
		assertThat(tags(log("PATCH", "/a", 200, null))).containsEntry("method", "PATCH");
	}

	@Test
	void theNameIsConfigurable() {
		assertThat(convention.getName()).isEqualTo("http.server.requests");
		assertThat(new DefaultWebservServerRequestObservationConvention("webserv.requests").getName())
			.isEqualTo("webserv.requests");
	}

	private Map<String, String> tags(RequestLog log) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (KeyValue keyValue : convention
			.getLowCardinalityKeyValues(new WebservServerRequestObservationContext(log))) {
			tags.put(keyValue.getKey(), keyValue.getValue());
		}
		return tags;
	}

	private static RequestLog log(String method, String route, int status, Throwable error) {
		return new RequestLog("127.0.0.1:8080", method, route, status, 1_000_000, error);
	}

}
