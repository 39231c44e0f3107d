package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.TestServers;

/**
 * A handler's header value with a control character other than tab (\x01, DEL) is refused
 * with a 500, as CR and LF are, rather than sent to a client that would refuse the whole
 * response.
 */
class HeaderControlCharactersTest {

	@Test
	void aHandlerHeaderValueWithAControlCharacterIsRefusedAs500() throws Exception {
		try (Webserv server = TestServers.start(s -> s.route("GET", "/t",
				Handler.nonBlocking(request -> Response.ok("k").header("X-Note", "a\u0001b\u007fc"))))) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(TestServers.request(server, "/t").build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("X-Note")).isEmpty();
		}
	}

}
