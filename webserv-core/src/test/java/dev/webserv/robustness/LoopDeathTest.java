package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A loop killed by a JVM error (which no loop may swallow) makes the server FAILED, and
 * no socket is dealt to the dead loop again: every later client is served by the others.
 */
class LoopDeathTest {

	private Webserv server;

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aDeadLoopFailsTheServerAndIsNeverHandedASocketAgain() throws Exception {
		server = TestServers.start(s -> s.route("GET", "/ok", request -> Response.ok("ok"))
			.route("GET", "/die", Handler.nonBlocking(request -> {
				throw new OutOfMemoryError("simulated");
			})), config -> config.ioThreads(2));
		try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port())) {
			first.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"); // the first loop
			assertThat(first.read().status()).isEqualTo(200);
			second.send("GET /die HTTP/1.1\r\nHost: x\r\n\r\n"); // the second loop dies
			Await.until("the server reports its failure", () -> server.state() == Webserv.State.FAILED);
		}
		for (int i = 0; i < 6; i++) {
			try (RawClient client = new RawClient(server.port(), 5_000)) {
				client.send("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
				assertThat(client.read().status()).as("client %d", i).isEqualTo(200);
			}
		}
	}

}
