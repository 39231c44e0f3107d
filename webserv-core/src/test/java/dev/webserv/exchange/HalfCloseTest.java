package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A client that half-closes its side (shutdownOutput) once its request is sent, as
 * {@code nc -N}, some health checkers and HTTP/1.0 tools do: a response that comes later
 * should still reach it (Tomcat, Jetty and HAProxy answer; nginx and Go take the FIN for
 * an abort). Today the end of the input closes the connection at once, on both paths.
 */
@Disabled("wanted behind a setting, not by default: a client's FIN is taken as the client leaving (as nginx and"
		+ " Reactor Netty do), which cancels a WebFlux stream at once; answering a half-closed client (Tomcat,"
		+ " Jetty, HAProxy; built in 1af6079, reverted) delays that cancellation to the next failed write."
		+ " Needs an abortonclose-style option; owner: Intake/Connection")
class HalfCloseTest {

	@ParameterizedTest
	@ValueSource(strings = { "/exchange", "/classic" })
	void aHalfClosedClientStillGetsALateAnswer(String path) throws Exception {
		Webserv server = TestServers.start(s -> s
			.exchange("GET", "/exchange",
					exchange -> CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
						.execute(() -> BodyCollector.answer(exchange, "later")))
			.route("GET", "/classic", (Handler) request -> {
				Thread.sleep(300);
				return Response.ok("later");
			}));
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
			raw.socket().shutdownOutput();
			assertThat(raw.read().bodyText()).isEqualTo("later");
		}
		finally {
			server.stop();
		}
	}

}
