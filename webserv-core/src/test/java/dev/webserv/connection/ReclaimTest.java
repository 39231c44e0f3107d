package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * Reclaiming at max-connections over real sockets: which connections make room, in which
 * order, and that one whose client is sending at that very moment is served, not cut off.
 * The servers have two event loops; connections are dealt to them in turn (the first to
 * loop 1), which the race test relies on.
 */
class ReclaimTest {

	private static final String GET = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";

	/** A body begun and not finished: the connection is mid-upload. */
	private static final String UPLOAD_BEGUN = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345";

	private final RecordingEvents events = new RecordingEvents();

	private final List<AutoCloseable> clients = new ArrayList<>();

	private Webserv server;

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable client : clients) {
			client.close();
		}
		if (server != null) {
			server.stop();
		}
	}

	/** Reclaiming on, no per-address cap in the way: every client here is 127.0.0.1. */
	private static Limits limits(int maxConnections) {
		return Limits.DEFAULTS.withMaxConnections(maxConnections).withMaxFirstHeadsPerAddress(2 * maxConnections);
	}

	private void start(Limits limits, Handler stall) {
		server = TestServers.start(
				s -> s.route("GET", "/hello", Handler.nonBlocking(r -> Response.ok("hi")))
					.route("GET", "/stall", stall)
					.route("POST", "/upload", Handler.nonBlocking(r -> Response.ok("got " + r.body().length()))),
				c -> c.events(events).limits(limits));
	}

	private void start(Limits limits) {
		start(limits, Handler.nonBlocking(r -> Response.ok("never")));
	}

	/**
	 * Opens a connection and waits until the server counts it, so the dealing order
	 * holds.
	 */
	private RawClient open() throws IOException {
		int before = server.statistics().connections();
		RawClient client = new RawClient(server.port());
		clients.add(client);
		Await.until(Duration.ofSeconds(5), "connection " + (before + 1) + " open",
				() -> server.statistics().connections(), n -> n == before + 1);
		return client;
	}

	/**
	 * The adversarial case: A is idle, its loop is held up (a handler that blocks it, a
	 * test device only), A's client sends its next request and a new client arrives
	 * meanwhile. The reclaim runs on A's loop, right after the handler, before the loop
	 * has read A's request: it must read it and serve it, and close another idle
	 * connection (C, whose response is out) instead. Closing A there would drop a request
	 * its client had sent.
	 */
	@Test
	void aClientThatSendsAsItIsReclaimedIsServedAndAnotherIdleConnectionMakesRoom() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		start(limits(6), Handler.nonBlocking(r -> {
			entered.countDown();
			release.await(5, TimeUnit.SECONDS);
			return Response.ok("stalled");
		}));
		RawClient x = open().send(UPLOAD_BEGUN); // loop 1
		RawClient a = open(); // loop 2
		RawClient y = open().send(UPLOAD_BEGUN); // loop 1
		RawClient c = open(); // loop 2
		RawClient z = open().send(UPLOAD_BEGUN); // loop 1
		RawClient w = open().send(UPLOAD_BEGUN); // loop 2
		a.send(GET);
		assertThat(a.read().bodyText()).isEqualTo("hi");
		c.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		a.send(GET); // loop 2 is held: this waits in A's socket
		// at the limit: the reclaim surveys loop 1, then loop 2, and reclaims there at
		// once
		RawClient b = new RawClient(server.port());
		clients.add(b);
		Await.until(Duration.ofSeconds(5), "a slot taken past the limit for the new client",
				() -> server.statistics().connections(), n -> n == 7);
		// loop 1 reads X's last bytes only after the batch that took B, whose tasks
		// surveyed loop 1 and handed the reclaim to loop 2: once X is answered, the
		// reclaim waits on loop 2
		x.send("67890");
		assertThat(x.read().bodyText()).isEqualTo("got 10");
		release.countDown();

		assertThat(a.read().bodyText()).as("A's request, sent as it was judged, is served").isEqualTo("hi");
		assertThat(c.read().bodyText()).isEqualTo("stalled");
		assertThat(c.closedByServer()).as("C, idle once answered, made room").isTrue();
		b.send(GET);
		assertThat(b.read().bodyText()).isEqualTo("hi");
		assertThat(events.reclaimed).containsExactly(ReclaimReason.IDLE);
		for (RawClient uploading : List.of(y, z, w)) {
			uploading.send("67890");
			assertThat(uploading.read().bodyText()).as("an upload is never reclaimed").isEqualTo("got 10");
		}
		a.send(GET);
		assertThat(a.read().bodyText()).isEqualTo("hi");
	}

	@Test
	void idleKeepAliveConnectionsAreReclaimedLongestIdleFirst() throws Exception {
		start(limits(3));
		List<RawClient> idle = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RawClient client = open();
			client.send(GET);
			assertThat(client.read().status()).isEqualTo(200);
			idle.add(client);
		}
		for (int i = 0; i < 3; i++) {
			RawClient newcomer = new RawClient(server.port());
			clients.add(newcomer);
			newcomer.send(GET);
			assertThat(newcomer.read().status()).as("newcomer " + i).isEqualTo(200);
			assertThat(idle.get(i).closedByServer()).as("idle connection " + i + ", the longest idle").isTrue();
			if (i < 2) {
				idle.get(i + 1).socket().setSoTimeout(200);
				assertThat(idle.get(i + 1).closedByServer()).as("the next one is still open").isFalse();
				idle.get(i + 1).socket().setSoTimeout(5000);
			}
		}
		assertThat(events.reclaimed).containsExactly(ReclaimReason.IDLE, ReclaimReason.IDLE, ReclaimReason.IDLE);
		assertThat(events.rejected).hasValue(0);
	}

	@Test
	void aFirstHeadIsReclaimedOnlyOnceItHasBeenOpenASecondAndBeforeThatTheNewcomerGets503() throws Exception {
		start(limits(1));
		long openedAt = System.nanoTime();
		RawClient slow = open().send("GET /hello HTTP/1.1\r\n");
		List<Long> refusedAfter = new ArrayList<>();
		Await.until(Duration.ofSeconds(5), "a newcomer served", () -> {
			try (RawClient newcomer = new RawClient(server.port())) {
				newcomer.send(GET);
				RawClient.RawResponse response = newcomer.read();
				if (response.status() == 503) {
					assertThat(response.header("Retry-After")).isNotNull();
					refusedAfter.add(System.nanoTime() - openedAt);
					return false;
				}
				assertThat(response.bodyText()).isEqualTo("hi");
				return true;
			}
			catch (IOException e) {
				throw new AssertionError(e);
			}
		});
		assertThat(System.nanoTime() - openedAt).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
		assertThat(refusedAfter).isNotEmpty()
			.allSatisfy(nanos -> assertThat(nanos)
				.isLessThan(TimeUnit.SECONDS.toNanos(1) + TimeUnit.MILLISECONDS.toNanos(100)));
		assertThat(slow.closedByServer()).isTrue();
		assertThat(events.reclaimed).containsExactly(ReclaimReason.SLOW_HEAD);
	}

	@Test
	void theFirstHeadThatSendsLeastPerSecondIsReclaimedFirst() throws Exception {
		start(limits(2));
		RawClient silent = open();
		RawClient talking = open().send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		Await.until(Duration.ofSeconds(5), "both first heads a second old", () -> {
			try (RawClient newcomer = new RawClient(server.port())) {
				newcomer.send(GET);
				return newcomer.read().status() == 200;
			}
			catch (IOException e) {
				throw new AssertionError(e);
			}
		});
		assertThat(silent.closedByServer()).as("the one that sent nothing").isTrue();
		talking.send("\r\n\r\n");
		assertThat(talking.read().bodyText()).isEqualTo("hi");
	}

	@Test
	void offItRefusesAtTheLimitAsBefore() throws Exception {
		start(Limits.DEFAULTS.withMaxConnections(1).withReclaimAtLimit(false));
		RawClient idle = open().send(GET);
		assertThat(idle.read().status()).isEqualTo(200);
		try (RawClient newcomer = new RawClient(server.port())) {
			RawClient.RawResponse refused = newcomer.read();
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.header("Retry-After")).isEqualTo("1");
		}
		idle.send(GET);
		assertThat(idle.read().status()).isEqualTo(200);
		assertThat(events.reclaimed).isEmpty();
	}

	@Test
	void oneAddressHoldsNoMoreFirstHeadsThanItsCapWhileAnotherIsServed() throws Exception {
		start(Limits.DEFAULTS.withMaxConnections(10).withMaxFirstHeadsPerAddress(2));
		RawClient first = open();
		RawClient second = open();
		try (RawClient third = new RawClient(server.port())) {
			RawClient.RawResponse refused = third.read();
			assertThat(refused.status()).as("a third first head from 127.0.0.1").isEqualTo(503);
			assertThat(refused.header("Retry-After")).isNotNull();
		}
		try (Socket other = connectFrom("127.0.0.2")) {
			other.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(other.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
				.as("another address is served")
				.isEqualTo("HTTP/1.1 200");
		}
		first.send(GET);
		assertThat(first.read().status()).isEqualTo(200);
		RawClient again = open().send(GET);
		assertThat(again.read().status()).as("a first head done leaves room for another").isEqualTo(200);
		second.send(GET);
		assertThat(second.read().status()).isEqualTo(200);
		assertThat(events.rejected).hasValue(1);
	}

	private Socket connectFrom(String address) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(address, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

}
