package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.webserv.config.Limits;
import dev.webserv.parser.Rejection;
import dev.webserv.events.RejectionReason;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Each codec rejection reaches the client as its status, with Connection: close, the
 * socket closes, and the server reports that one rejection. Each case has a server and
 * events of its own, so a case cannot pass on what another reported.
 */
class RejectionTest {

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.route("GET", "/", r -> Response.ok("ok")), config -> config.events(events)
			.limits(Limits.DEFAULTS.withMaxRequestLineLength(100).withMaxHeaderSize(200)));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "GET / HTTP/1.1\\r\\n\\r\\n | 400",
			"GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
			"GET / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n | 400",
			"GET / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
			"POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
			"GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\r\\n b\\r\\n\\r\\n | 400",
			"GET / HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n | 400", "GET / HTTP/1.1\\r\\nHost: a\\rb\\r\\n\\r\\n | 400",
			"GET / HTTP/2.0\\r\\nHost: a\\r\\n\\r\\n | 505", "BREW / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 501",
			"GET /../etc/passwd HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400",
			"GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\\r\\n | 414",
			"GET / HTTP/1.1\\r\\nHost: a\\r\\nX-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | 431",
			"PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n | 505", "GET /\\r\\n | 400" })
	void answersTheStatusAndCloses(String request, int status) throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send(request.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0"));
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(status);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(response.bodyText()).contains(String.valueOf(status)).doesNotContain("Exception");
			assertThat(raw.closedByServer()).isTrue();
		}
		Await.until("the rejection reported", () -> !events.parseErrors.isEmpty());
		assertThat(events.parseErrors).singleElement().extracting(RejectionReason::status).isEqualTo(status);
	}

}
