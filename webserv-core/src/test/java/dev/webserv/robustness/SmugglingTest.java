package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Route;
import dev.webserv.robustness.SmugglingCases.Case;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Request smuggling and parser differentials over a real socket: each row of
 * {@link SmugglingCases} gets exactly its statuses, closes where RFC 9112 requires it,
 * and the request pipelined behind a rejected one never reaches a handler. Each row runs
 * twice: against classic handlers (body collected, then the handler) and against exchange
 * handlers (dispatched at the head, the body streamed by demand).
 */
class SmugglingTest {

	private static final AtomicInteger probes = new AtomicInteger();

	private static Webserv classic;

	private static Webserv exchange;

	@BeforeAll
	static void start() {
		Handler root = Handler.nonBlocking(request -> Response.ok("root " + request.body().length()));
		Handler probe = Handler.nonBlocking(request -> {
			probes.incrementAndGet();
			return Response.ok("pipelined");
		});
		classic = TestServers
			.start(s -> s.clientMaxBodySize(1024).route(Route.any("/", root)).route(Route.any("/pipelined", probe)));
		exchange = TestServers.start(s -> s.clientMaxBodySize(1024)
			.route(Route.exchange(null, "/",
					BodyCollector.then((e, body) -> BodyCollector.answer(e, "root " + body.length))))
			.route(Route.exchange(null, "/pipelined", e -> {
				probes.incrementAndGet();
				BodyCollector.answer(e, "pipelined");
			})));
	}

	@AfterAll
	static void stop() {
		classic.stop();
		exchange.stop();
	}

	@BeforeEach
	void resetProbes() {
		probes.set(0);
	}

	static List<Case> cases() {
		return SmugglingCases.all();
	}

	static Stream<Arguments> casesForBothHandlers() {
		return Stream.of("classic", "exchange").flatMap(kind -> cases().stream().map(c -> Arguments.of(kind, c)));
	}

	@Test
	void theTableHoldsAtLeastEightyDistinctCases() {
		Set<String> ids = new HashSet<>();
		cases().forEach(c -> assertThat(ids.add(c.id())).as("unique id %s", c.id()).isTrue());
		assertThat(ids).hasSizeGreaterThanOrEqualTo(80);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("casesForBothHandlers")
	void answersExactlyAndNeverServesWhatFollowsARejection(String kind, Case c) throws Exception {
		Webserv server = kind.equals("classic") ? classic : exchange;
		try (RawClient raw = new RawClient(server.port())) {
			raw.send((c.wire() + SmugglingCases.PROBE).getBytes(StandardCharsets.ISO_8859_1));
			for (int i = 0; i < c.statuses().size(); i++) {
				assertThat(raw.read().status()).as("response %d", i + 1).isEqualTo(c.statuses().get(i));
			}
			if (c.probeServed()) {
				RawClient.RawResponse probe = raw.read();
				assertThat(probe.status()).isEqualTo(200);
				assertThat(probe.bodyText()).isEqualTo("pipelined");
			}
			if (c.closes()) {
				assertThat(raw.closedByServer()).as("closed, nothing more sent").isTrue();
			}
		}
		assertThat(probes).as("probe handler calls").hasValue(c.probeServed() ? 1 : 0);
	}

}
