package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Route;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * The fuzzers' last invariant, over real sockets: no connection is left stuck. Mutations
 * of the smuggling table (a fixed seed, so every run sends the same bytes) go to one
 * server at once; every connection ends, answered and closed, or closed by a timeout, and
 * the server is back to no connection.
 */
class GarbageOverSocketsTest {

	private static final int CONNECTIONS = 400;

	@ParameterizedTest(name = "{0} handlers")
	@ValueSource(strings = { "classic", "exchange" })
	void everyConnectionEndsWhateverItSends(String kind) throws Exception {
		RecordingEvents events = new RecordingEvents();
		Timeouts timeouts = Timeouts.DEFAULTS.withHeader(Duration.ofSeconds(1))
			.withIdle(Duration.ofSeconds(1))
			.withBody(Duration.ofSeconds(1));
		Webserv server = TestServers.start(s -> {
			s.clientMaxBodySize(1024);
			if (kind.equals("classic")) {
				s.route(Route.any("/", Handler.nonBlocking(r -> Response.ok("root"))))
					.route(Route.any("/pipelined", Handler.nonBlocking(r -> Response.ok("pipelined"))));
			}
			else {
				s.route(Route.exchange(null, "/", BodyCollector.then((e, body) -> BodyCollector.answer(e, "root"))))
					.route(Route.exchange(null, "/pipelined", e -> BodyCollector.answer(e, "pipelined")));
			}
		}, c -> c.timeouts(timeouts).events(events));
		Random random = new Random(20261126);
		List<SmugglingCases.Case> cases = SmugglingCases.all();
		List<RawClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				byte[] wire = mutate(cases.get(random.nextInt(cases.size())), random);
				RawClient raw = new RawClient(server.port(), 10_000);
				clients.add(raw);
				try {
					raw.send(wire);
				}
				catch (IOException closedEarly) {
					// refused before the last byte: it ended, which is all this test asks
				}
			}
			Await.until(Duration.ofSeconds(20), "every connection ended", () -> server.statistics().connections(),
					n -> n == 0);
			for (RawClient raw : clients) {
				assertThat(endsWithin(raw)).isTrue();
			}
		}
		finally {
			for (RawClient raw : clients) {
				raw.close();
			}
			server.stop();
		}
		Figures.record("garbage over sockets", "mutated requests sent / connections left open", CONNECTIONS + " / 0");
	}

	/** Flips, inserts, deletes or duplicates a few bytes, or cuts the request short. */
	private static byte[] mutate(SmugglingCases.Case c, Random random) {
		byte[] bytes = (c.wire() + SmugglingCases.PROBE).getBytes(StandardCharsets.ISO_8859_1);
		StringBuilder out = new StringBuilder(new String(bytes, StandardCharsets.ISO_8859_1));
		int edits = 1 + random.nextInt(4);
		for (int e = 0; e < edits && out.length() > 1; e++) {
			int at = random.nextInt(out.length());
			switch (random.nextInt(5)) {
				case 0 -> out.setCharAt(at, (char) random.nextInt(256));
				case 1 -> out.insert(at, (char) random.nextInt(256));
				case 2 -> out.deleteCharAt(at);
				case 3 -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(16))));
				default -> out.setLength(at);
			}
		}
		return out.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Reads until the server's end of stream (or a reset); false only if the connection
	 * stays open.
	 */
	private static boolean endsWithin(RawClient raw) {
		try {
			InputStream in = raw.socket().getInputStream();
			byte[] buffer = new byte[8192];
			while (in.read(buffer) >= 0) {
				// answers, if any
			}
			return true;
		}
		catch (java.net.SocketTimeoutException stuck) {
			return false;
		}
		catch (IOException reset) {
			return true;
		}
	}

}
