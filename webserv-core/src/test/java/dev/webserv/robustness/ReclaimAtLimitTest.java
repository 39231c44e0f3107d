package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.events.ReclaimReason;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Issue 18 over real sockets, at max-connections 200 with the default header timeout: a
 * slowloris attack plus idle keep-alive connections, against which a normal client must
 * still be served every time (and, with reclaiming off, is not: the figures before and
 * after in docs/robustness.md come from here); and slow uploads, which are never
 * reclaimed, so a newcomer then gets 503 with Retry-After.
 */
class ReclaimAtLimitTest {

	private static final int MAX = 200;

	private static final int SLOWLORIS = 400;

	private static final int IDLE = 200;

	/** Four attacker addresses: 100 slowloris each is the default per-address cap. */
	private static final List<String> ATTACKERS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");

	/** The issue asks for 50 ms; a loaded 2-core CI machine gets this much slack. */
	private static final Duration PROMPT = Duration.ofMillis(500);

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private void start(Limits limits) {
		server = TestServers.start(
				s -> s.route("GET", "/hello", Handler.nonBlocking(r -> Response.ok("hi")))
					.route("POST", "/upload", Handler.nonBlocking(r -> Response.ok("got " + r.body().length()))),
				c -> c.events(events).limits(limits.withMaxConnections(MAX).withBacklog(1024)));
	}

	@Test
	void aNormalClientIsServedEveryTimeWhileSlowlorisAndIdleConnectionsHoldEverySlot() throws Exception {
		assumeFds(SLOWLORIS + IDLE + 2 * MAX + 200);
		Resources.Snapshot baseline = Resources.snapshot();
		start(Limits.DEFAULTS);
		normalClient(1); // warms the client's code up: the figures are the server's
		List<Long> latencies;
		try (Attackers attack = new Attackers(server.port(), SLOWLORIS, IDLE, ATTACKERS)) {
			Await.until(Duration.ofSeconds(10), "the attack reclaiming both kinds at the limit",
					() -> List.of(count(ReclaimReason.IDLE), count(ReclaimReason.SLOW_HEAD),
							(long) server.statistics().connections(), (long) events.rejected.get()),
					seen -> seen.get(0) > 0 && seen.get(1) > 0 && seen.get(2) >= MAX);
			latencies = normalClient(30);
			assertThat(server.statistics().connections()).as("still at the limit").isGreaterThanOrEqualTo(MAX);
			Figures.record("reclaim at limit", "attack connections reopened after a close", attack.reopened());
		}
		assertThat(latencies).as("every request served (-1 = 503)").doesNotContain(-1L);
		assertThat(Collections.max(latencies)).as("slowest, ms").isLessThan(PROMPT.toMillis());
		Figures.record("reclaim at limit", "normal client: 503s / requests", "0 / " + latencies.size());
		Figures.record("reclaim at limit", "normal client latencies with reclaiming (ms)", latencies);
		Figures.record("reclaim at limit", "reclaimed idle / slow heads",
				count(ReclaimReason.IDLE) + " / " + count(ReclaimReason.SLOW_HEAD));
		Await.until(Duration.ofSeconds(10), "every connection closed", () -> server.statistics().connections(),
				n -> n == 0);
		server.stop();
		Resources.awaitBaseline(baseline, Duration.ofSeconds(10));
	}

	/** Today's behaviour, kept with the setting off: the attack wins. */
	@Test
	void withReclaimingOffTheSameAttackGetsTheNormalClientRefused() throws Exception {
		assumeFds(SLOWLORIS + IDLE + 2 * MAX + 200);
		start(Limits.DEFAULTS.withReclaimAtLimit(false));
		List<Long> latencies;
		try (Attackers attack = new Attackers(server.port(), SLOWLORIS, IDLE, ATTACKERS)) {
			Await.until(Duration.ofSeconds(10), "every slot held", () -> server.statistics().connections(),
					n -> n >= MAX);
			latencies = normalClient(30);
		}
		long refused = latencies.stream().filter(ms -> ms == -1).count();
		assertThat(refused).as("503s").isGreaterThan(latencies.size() / 2);
		assertThat(events.reclaimed).isEmpty();
		Figures.record("reclaim at limit", "reclaiming off: normal client 503s / requests",
				refused + " / " + latencies.size());
	}

	@Test
	void slowUploadsAboveTheMinimumRateAreNeverReclaimedAndANewcomerGets503() throws Exception {
		start(Limits.DEFAULTS);
		int length = 2000;
		List<Socket> uploads = new ArrayList<>();
		try {
			for (int i = 0; i < MAX; i++) {
				Socket upload = connectFrom(ATTACKERS.get(i % ATTACKERS.size()));
				upload.getOutputStream()
					.write(("POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + length
							+ "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				uploads.add(upload);
			}
			AtomicBoolean dripping = new AtomicBoolean(true);
			// 50 bytes every 100 ms: 500 bytes/s, above the default minimum of 256
			Thread drip = new Thread(() -> drip(uploads, length, 50, dripping), "uploads");
			drip.start();
			Await.until(Duration.ofSeconds(10), "every upload held", () -> server.statistics().connections(),
					n -> n == MAX);
			for (int i = 0; i < 5; i++) {
				try (RawClient newcomer = new RawClient(server.port())) {
					newcomer.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
					RawClient.RawResponse refused = newcomer.read();
					assertThat(refused.status()).isEqualTo(503);
					assertThat(refused.header("Retry-After")).isEqualTo("1");
				}
			}
			drip.join(TimeUnit.SECONDS.toMillis(15));
			dripping.set(false);
			for (Socket upload : uploads) {
				upload.setSoTimeout(5000);
				String response = new String(upload.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
				assertThat(response).as("an upload is served whole")
					.startsWith("HTTP/1.1 200")
					.endsWith("got " + length);
			}
		}
		finally {
			for (Socket upload : uploads) {
				upload.close();
			}
		}
		assertThat(events.reclaimed).isEmpty();
		assertThat(events.rejected).hasValue(5);
	}

	/**
	 * A new connection every 100 ms, each sending one request.
	 * @return each one's time to its response in ms, -1 for a 503
	 */
	private List<Long> normalClient(int requests) throws IOException, InterruptedException {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			try (RawClient normal = new RawClient(server.port())) {
				normal.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				RawClient.RawResponse response = normal.read();
				if (response.status() == 503) {
					latencies.add(-1L);
				}
				else {
					assertThat(response.bodyText()).isEqualTo("hi");
					latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				}
			}
			long next = start + TimeUnit.MILLISECONDS.toNanos(100);
			TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // the
																				// client's
																				// pace
		}
		return latencies;
	}

	private long count(ReclaimReason reason) {
		return events.reclaimed.stream().filter(reason::equals).count();
	}

	private Socket connectFrom(String address) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(address, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		return socket;
	}

	/** Sends each upload's body, {@code step} bytes to each socket every 100 ms. */
	private static void drip(List<Socket> uploads, int length, int step, AtomicBoolean running) {
		byte[] chunk = new byte[step];
		java.util.Arrays.fill(chunk, (byte) 'u');
		for (int sent = 0; sent < length && running.get(); sent += step) {
			for (Socket upload : uploads) {
				try {
					OutputStream out = upload.getOutputStream();
					out.write(chunk);
				}
				catch (IOException closed) {
					// asserted afterwards: every upload must get its response
				}
			}
			try {
				Thread.sleep(100); // the uploaders' pace
			}
			catch (InterruptedException e) {
				return;
			}
		}
	}

	/**
	 * The scenario needs this many descriptors in one process (the JVM raises its soft
	 * limit to the hard one on Linux; CI has 65536): skip, saying so, where it cannot
	 * have them.
	 */
	private static void assumeFds(int needed) throws IOException {
		Path limits = Path.of("/proc/self/limits");
		assumeTrue(Files.isReadable(limits), "no /proc/self/limits");
		long soft = Files.readAllLines(limits)
			.stream()
			.filter(line -> line.startsWith("Max open files"))
			.map(line -> line.substring(26).trim().split("\\s+")[0])
			.mapToLong(value -> value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value))
			.findFirst()
			.orElse(0);
		assumeTrue(soft >= needed + Resources.openFds(), "needs " + needed + " more descriptors than open now");
	}

}
