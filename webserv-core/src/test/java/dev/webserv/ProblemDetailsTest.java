package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.handler.TestSite;

class ProblemDetailsTest {

	private TestSite site;

	@BeforeEach
	void start() {
		site = TestSite.start(server -> server.route("GET", "/fail", request -> {
			throw new IllegalStateException("secret detail");
		}).route("GET", "/teapot", request -> Response.error(418)));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void prefersJsonOnlyWhenTheAcceptHeaderRanksItAboveHtml() {
		assertThat(ProblemDetails.wanted("application/json")).isTrue();
		assertThat(ProblemDetails.wanted("application/problem+json")).isTrue();
		assertThat(ProblemDetails.wanted("application/vnd.api+json, */*;q=0.1")).isTrue();
		assertThat(ProblemDetails.wanted("text/html;q=0.5, application/json")).isTrue();
		assertThat(ProblemDetails.wanted(null)).isFalse();
		assertThat(ProblemDetails.wanted("*/*")).isFalse();
		assertThat(ProblemDetails.wanted("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isFalse();
		assertThat(ProblemDetails.wanted("application/json;q=0.5, text/html")).isFalse();
		assertThat(ProblemDetails.wanted("application/json, text/html")).isFalse();
		assertThat(ProblemDetails.wanted("application/json;q=0")).isFalse();
		assertThat(ProblemDetails.wanted("application/json;q=abc")).isFalse();
	}

	@Test
	void writesTheFiveFieldsEscaped() {
		String json = new String(ProblemDetails.body(404, "no \"x\"\n", "/a\\b"), StandardCharsets.UTF_8);

		assertThat(json).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
				+ "\"detail\":\"no \\\"x\\\"\\n\",\"instance\":\"/a\\\\b\"}");
	}

	@Test
	void givesAJsonClientAProblemForA404MadeByTheServer() {
		HttpResponse<String> response = site.get("/missing", "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
				+ "\"detail\":\"No resource at this path.\",\"instance\":\"/missing\"}");
	}

	@Test
	void givesAJsonClientAProblemForAFailingHandlerWithoutItsMessage() {
		HttpResponse<String> response = site.get("/fail", "Accept", "application/problem+json");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":500", "\"title\":\"Internal Server Error\"",
				"\"instance\":\"/fail\"");
		assertThat(response.body()).doesNotContain("secret", "IllegalState");
	}

	@Test
	void givesAJsonClientAProblemForAnErrorStatusOfAHandlerAndForARejectedBody() {
		assertThat(site.get("/teapot", "Accept", "application/json").body()).contains("\"status\":418");
		TestSite.RawResponse raw = site
			.raw("POST /x HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n" + "Content-Length: 999999999\r\n\r\n");
		assertThat(raw.status()).isEqualTo(413);
		assertThat(raw.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(raw.body()).contains("\"status\":413", "\"instance\":\"/x\"");
	}

	@Test
	void keepsTheHtmlPageForBrowsersAndCurl() {
		HttpResponse<String> browser = site.get("/missing", "Accept",
				"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
		HttpResponse<String> curl = site.get("/missing", "Accept", "*/*");

		assertThat(browser.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(curl.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(curl.body()).contains("404 Not Found");
	}

}
