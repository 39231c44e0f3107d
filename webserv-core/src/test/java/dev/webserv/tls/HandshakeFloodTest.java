package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestCa;

/**
 * Handshake tasks run on the loop within a budget of its time: a flood of full handshakes
 * on a one-loop server must not starve an established keep-alive client, whose requests
 * stay answered within a bound while the handshakes go on completing.
 */
class HandshakeFloodTest {

	private static final int FLOODERS = 8;

	@Test
	void aKeepAliveClientStaysAnsweredDuringAFloodOfFullHandshakes() throws Exception {
		ExecutorService flood = Executors.newFixedThreadPool(FLOODERS);
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				// unlimited requests: a loop the flood does not slow answers thousands
				config -> config.ioThreads(1).limits(Limits.DEFAULTS.withMaxRequestsPerConnection(0)));
				SSLSocket kept = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext())) {
			RawClient client = new RawClient(kept);
			kept.setSoTimeout(10_000);
			client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(client.read().bodyText()).isEqualTo("fine");

			AtomicBoolean flooding = new AtomicBoolean(true);
			List<Future<Integer>> flooders = new ArrayList<>();
			for (int i = 0; i < FLOODERS; i++) {
				flooders.add(flood.submit(() -> handshakeUntil(server.port(), flooding)));
			}
			long slowest = 0;
			long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			int answered = 0;
			while (System.nanoTime() < until) {
				long sent = System.nanoTime();
				client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
				assertThat(client.read().bodyText()).isEqualTo("fine");
				slowest = Math.max(slowest, System.nanoTime() - sent);
				answered++;
			}
			flooding.set(false);
			int handshakes = 0;
			for (Future<Integer> flooder : flooders) {
				handshakes += flooder.get(30, TimeUnit.SECONDS);
			}

			assertThat(handshakes).as("full handshakes during the flood").isGreaterThan(FLOODERS);
			assertThat(answered).isPositive();
			assertThat(Duration.ofNanos(slowest)).as("the slowest keep-alive answer").isLessThan(Duration.ofSeconds(2));
		}
		finally {
			flood.shutdownNow();
		}
	}

	/** Full handshakes one after another (no resumption) until told to stop. */
	private static int handshakeUntil(int port, AtomicBoolean flooding) throws IOException {
		int done = 0;
		while (flooding.get()) {
			try (SSLSocket socket = TlsSockets.open(port, "localhost", TestCa.get().clientContext())) {
				socket.getSession().invalidate(); // the next one is a full handshake
													// again
				done++;
			}
		}
		return done;
	}

}
