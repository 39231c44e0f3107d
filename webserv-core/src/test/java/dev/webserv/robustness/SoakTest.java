package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Route;
import dev.webserv.robustness.SmugglingCases.Case;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * The long variant, only with {@code -Psoak}: the smuggling table hammered from 8 threads
 * for {@code -Drobustness.soakMinutes} (default 5) while good requests keep flowing;
 * every answer stays exact and the server's descriptors and threads come back to
 * baseline. The 1,000 + 200 slow clients scale with
 * {@code -Drobustness.slowloris=5000 -Drobustness.slowReaders=1000} on SlowClientsTest.
 */
@Tag("soak")
class SoakTest {

	private static final int THREADS = 8;

	@Test
	void theSmugglingTableFromEightThreadsForMinutes() throws Exception {
		Resources.Snapshot before = Resources.snapshot();
		Webserv server = TestServers.start(s -> s.clientMaxBodySize(1024)
			.route(Route.any("/", Handler.nonBlocking(r -> Response.ok("root"))))
			.route(Route.any("/pipelined", Handler.nonBlocking(r -> Response.ok("pipelined")))));
		long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.getLong("robustness.soakMinutes", 5));
		List<Case> cases = SmugglingCases.all();
		AtomicLong exchanges = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int offset = t;
				runs.add(pool.submit(() -> {
					for (int i = offset; System.nanoTime() < end; i++) {
						Case c = cases.get(i % cases.size());
						try (RawClient raw = new RawClient(server.port())) {
							raw.send((c.wire() + SmugglingCases.PROBE).getBytes(StandardCharsets.ISO_8859_1));
							for (int status : c.statuses()) {
								assertThat(raw.read().status()).as(c.id()).isEqualTo(status);
							}
							if (c.probeServed()) {
								assertThat(raw.read().bodyText()).as(c.id()).isEqualTo("pipelined");
							}
							if (c.closes()) {
								assertThat(raw.closedByServer()).as(c.id()).isTrue();
							}
						}
						exchanges.incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get();
			}
		}
		finally {
			pool.shutdownNow();
			pool.awaitTermination(10, TimeUnit.SECONDS);
			Await.until(Duration.ofSeconds(15), "every connection closed", () -> server.statistics().connections(),
					n -> n == 0);
			server.stop();
		}
		int leaked = Resources.awaitBaseline(before, Duration.ofSeconds(30));
		Figures.record("soak", "smuggling cases sent from 8 threads", exchanges.get());
		Figures.record("soak", "fds leaked", leaked);
	}

}
