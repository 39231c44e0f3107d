package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.config.AddHeader;
import dev.webserv.config.Expires;

class ResponseHeadersTest {

	private static final long NOW = 1_700_000_000_000L; // Tue, 14 Nov 2023 22:13:20 GMT

	@Test
	void setsMaxAgeAndADateForAPositiveTime() {
		Response response = apply("1h 30m");

		assertThat(response.headers().get("Cache-Control")).isEqualTo("max-age=5400");
		assertThat(response.headers().get("Expires")).isEqualTo("Tue, 14 Nov 2023 23:43:20 GMT");
		assertThat(apply("2d").headers().get("Cache-Control")).isEqualTo("max-age=172800");
		assertThat(apply("90").headers().get("Cache-Control")).isEqualTo("max-age=90");
	}

	@Test
	void zeroMeansNowAndNegativeMeansNoCache() {
		assertThat(apply("0").headers().get("Cache-Control")).isEqualTo("max-age=0");
		assertThat(apply("0").headers().get("Expires")).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
		assertThat(apply("-1m").headers().get("Cache-Control")).isEqualTo("no-cache");
		assertThat(apply("-1m").headers().get("Expires")).isEqualTo("Tue, 14 Nov 2023 22:12:20 GMT");
	}

	@Test
	void maxAndEpochAreNginxsFixedValues() {
		assertThat(apply("max").headers().get("Expires")).isEqualTo("Thu, 31 Dec 2037 23:55:55 GMT");
		assertThat(apply("max").headers().get("Cache-Control")).isEqualTo("max-age=315360000");
		assertThat(apply("epoch").headers().get("Expires")).isEqualTo("Thu, 01 Jan 1970 00:00:01 GMT");
		assertThat(apply("epoch").headers().get("Cache-Control")).isEqualTo("no-cache");
		assertThat(Expires.parse("off")).isNull();
		assertThat(Expires.parse(null)).isNull();
	}

	@Test
	void refusesWhatDoesNotParse() {
		for (String bad : List.of("1x", "h", "-", "modified 1h", "@15h", "99999999999s", "soon")) {
			assertThatThrownBy(() -> Expires.parse(bad)).as(bad).hasMessageContaining("'" + bad + "'");
		}
	}

	@Test
	void appliesOnlyToTheStatusesNginxAddsHeadersTo() {
		Response missing = Response.error(404);
		new ResponseHeaders(List.of(), Expires.parse("1h"), () -> NOW).apply(missing);

		assertThat(missing.headers().get("Expires")).isNull();
	}

	@Test
	void addsAHeaderOnceToAResponseAHandlerReuses() {
		Response shared = Response.ok("pong");
		ResponseHeaders headers = new ResponseHeaders(List.of(new AddHeader("X-A", "1", false)), null, () -> NOW);

		headers.apply(shared);
		headers.apply(shared);

		assertThat(shared.headers().getAll("X-A")).containsExactly("1");
	}

	private static Response apply(String value) {
		Response response = Response.ok("x");
		new ResponseHeaders(List.of(), Expires.parse(value), () -> NOW).apply(response);
		return response;
	}

}
