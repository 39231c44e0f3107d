package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;
import dev.webserv.testing.TestServers;

/**
 * A server-events listener that throws from {@code requestRefused} costs nothing: every
 * refusal still gets its own status (403, 429, 401 with its challenge), never a 500, and
 * the listener is still told.
 */
class ThrowingRefusalListenerTest {

	private static final Handler OK = Handler.nonBlocking(request -> Response.ok("ok"));

	@TempDir
	Path directory;

	@Test
	void everyRefusalKeepsItsStatusWhenTheListenerThrows() throws Exception {
		Path users = Files.writeString(directory.resolve("users"), BasicAuthSocketTest.ALICE + "\n",
				StandardCharsets.UTF_8);
		AtomicInteger told = new AtomicInteger();
		ServerEvents throwing = new ServerEvents() {
			@Override
			public void requestRefused(String route, String reason) {
				told.incrementAndGet();
				throw new IllegalStateException("listener failed on " + reason);
			}
		};
		try (Webserv server = TestServers.start(
				site -> site.limitReqZone("one", "1r/m", 100)
					.location(Location.builder("/denied").access("deny all").handler(OK).build())
					.location(Location.builder("/limited").limitReq("one", 0, true).handler(OK).build())
					.location(Location.builder("/private").authBasic("r", users).handler(OK).build()),
				config -> config.ioThreads(1).events(throwing))) {

			assertThat(status(server, "/denied").status()).isEqualTo(403);
			assertThat(status(server, "/limited").status()).isEqualTo(200);
			RawResponse limited = status(server, "/limited");
			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.header("Retry-After")).isNotNull();
			RawResponse challenged = status(server, "/private");
			assertThat(challenged.status()).isEqualTo(401);
			assertThat(challenged.header("WWW-Authenticate")).startsWith("Basic realm=\"r\"");
			assertThat(told.get()).isEqualTo(3);
		}
	}

	private static RawResponse status(Webserv server, String path) throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			return raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
		}
	}

}
