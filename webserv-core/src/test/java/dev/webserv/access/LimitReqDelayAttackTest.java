package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.LimitReq;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * limit_req's delay on the server's timer, attacked: pipelined requests wait their turn
 * in order (HEAD and a body among them), a refusal keeps the connection, clients that
 * leave while delayed leave nothing behind for the exchanges reused after them, and a
 * handler that overruns its timeout after its delay is cut by its own timeout.
 */
class LimitReqDelayAttackTest {

	private final List<Integer> completed = new CopyOnWriteArrayList<>();

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicInteger limitedRuns = new AtomicInteger();

	/** Answers what it saw: the method, the query and the body's length. */
	private final Handler echo = Handler.nonBlocking(request -> {
		limitedRuns.incrementAndGet();
		return Response.ok(describe(request));
	});

	private static String describe(Request request) {
		return request.method() + " " + request.query() + " " + request.body().length();
	}

	@Test
	void pipelinedRequestsWaitTheirTurnAndAreAnsweredInOrder() throws Exception {
		try (Webserv server = start(site -> site.limitReqZone("z", "10r/s", 1000)
			.location(Location.builder("/limited")
				.methods("GET", "HEAD", "POST")
				.limitReq(new LimitReq("z", 10, false, 503))
				.handler(echo)
				.build())
			.location(Location.builder("/plain").handler(Handler.nonBlocking(r -> Response.ok(describe(r)))).build()));
				RawClient raw = new RawClient(server.port(), 5000)) {
			long begin = System.nanoTime();
			raw.send("GET /limited?1 HTTP/1.1\r\nHost: a\r\n\r\n" + "HEAD /limited?2 HTTP/1.1\r\nHost: a\r\n\r\n"
					+ "POST /limited?3 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
					+ "GET /limited?4 HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /plain?5 HTTP/1.1\r\nHost: a\r\n\r\n"
					+ "GET /limited?6 HTTP/1.1\r\nHost: a\r\n\r\n");
			String[] expected = { "GET 1 0", null, "POST 3 5", "GET 4 0", "GET 5 0", "GET 6 0" };
			for (int i = 0; i < expected.length; i++) {
				RawClient.RawResponse response = raw.read(i == 1);
				assertThat(response.status()).as("response %d", i + 1).isEqualTo(200);
				if (expected[i] != null) {
					assertThat(response.bodyText()).as("response %d", i + 1).isEqualTo(expected[i]);
				}
				else {
					assertThat(response.header("content-length")).isEqualTo("8"); // "HEAD
																					// 2
																					// 0"
				}
			}
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
			assertThat(millis).as("four delayed turns of 100 ms").isGreaterThanOrEqualTo(380);
			raw.socket().setSoTimeout(300);
			assertThat(raw.closedByServer()).as("nothing more, the connection kept").isFalse();
			assertThat(limitedRuns.get()).isEqualTo(5);
		}
	}

	@Test
	void aRefusalKeepsTheConnectionForTheNextTurn() throws Exception {
		try (Webserv server = start(site -> site.limitReqZone("z", "5r/s", 1000)
			.location(Location.builder("/").limitReq(new LimitReq("z", 0, false, 503)).handler(echo).build()));
				RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET /?1 HTTP/1.1\r\nHost: a\r\n\r\nGET /?2 HTTP/1.1\r\nHost: a\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
			RawClient.RawResponse refused = raw.read();
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.header("connection")).isNotEqualToIgnoringCase("close");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			int status;
			do { // the next turn is 200 ms after the first
				raw.send("GET /?3 HTTP/1.1\r\nHost: a\r\n\r\n");
				RawClient.RawResponse next = raw.read();
				status = next.status();
				if (status == 200) {
					assertThat(next.bodyText()).isEqualTo("GET 3 0");
				}
				else {
					Thread.sleep(20); // pacing a retry
				}
			}
			while (status != 200 && System.nanoTime() < deadline);
			assertThat(status).isEqualTo(200);
		}
	}

	@Test
	void clientsThatLeaveWhileDelayedLeaveNothingForTheExchangesReusedAfterThem() throws Exception {
		int leaving = 40;
		try (Webserv server = start(site -> site.limitReqZone("z", "5r/s", 1000)
			.location(Location.builder("/limited").limitReq(new LimitReq("z", 5, false, 503)).handler(echo).build())
			.location(
					Location.builder("/plain").handler(Handler.nonBlocking(r -> Response.ok(describe(r)))).build()))) {
			List<RawClient> gone = new ArrayList<>();
			for (int i = 0; i < leaving; i++) {
				RawClient raw = new RawClient(server.port(), 5000);
				// one client per address: the first is served, the second waits 200 ms
				String from = "X-Forwarded-For: 203.0.113." + (i + 1) + "\r\n";
				raw.send("GET /limited?a HTTP/1.1\r\nHost: a\r\n" + from + "\r\nGET /limited?b HTTP/1.1\r\nHost: a\r\n"
						+ from + "\r\n");
				RawClient.RawResponse a;
				try {
					a = raw.read();
				}
				catch (java.io.IOException e) {
					throw new AssertionError("client " + i, e);
				}
				assertThat(a.bodyText()).isEqualTo("GET a 0");
				gone.add(raw);
			}
			Await.until(Duration.ofSeconds(5), "every second request taken", () -> started.get() == 2 * leaving);
			for (RawClient raw : gone) {
				raw.close();
			}
			// past every delay, many answered-on-the-loop requests reuse the loop's
			// spares
			// (fewer than keepalive_requests on one connection)
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
			int n = 0;
			try (RawClient raw = new RawClient(server.port(), 5000)) {
				while (n < 200 || System.nanoTime() < until && n < 900) {
					raw.send("GET /plain?" + n + " HTTP/1.1\r\nHost: a\r\n\r\n");
					RawClient.RawResponse response;
					try {
						response = raw.read();
					}
					catch (java.io.IOException e) {
						throw new AssertionError("request " + n, e);
					}
					assertThat(response.bodyText()).isEqualTo("GET " + n + " 0");
					n++;
				}
				raw.socket().setSoTimeout(300);
				assertThat(raw.closedByServer()).as("no byte past the last answer").isFalse();
			}
			Await.until(Duration.ofSeconds(5), "the left requests completed",
					() -> completed.stream().filter(s -> s == 499).count() == leaving);
			assertThat(limitedRuns.get()).as("the left requests' handlers never ran").isEqualTo(leaving);
		}
	}

	@Test
	void aHandlerThatOverrunsAfterItsDelayIsCutByItsOwnTimeout() throws Exception {
		Handler slow = new Handler() {
			@Override
			public Response handle(Request request) throws Exception {
				Thread.sleep(3000);
				return Response.ok("late");
			}

			@Override
			public Duration timeout() {
				return Duration.ofMillis(300);
			}
		};
		try (Webserv server = start(site -> site.limitReqZone("z", "2r/s", 1000)
			.location(Location.builder("/").limitReq(new LimitReq("z", 1, false, 503)).handler(slow).build()));
				Socket first = new Socket("127.0.0.1", server.port());
				RawClient raw = new RawClient(server.port(), 5000)) {
			first.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
			Await.until(Duration.ofSeconds(5), "the first taken", () -> started.get() == 1);
			long begin = System.nanoTime();
			// waits about 500 ms (less the time since the first), then runs 300 ms
			raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
			int status = raw.read().status();
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
			assertThat(status).as("the handler timeout's answer").isEqualTo(503);
			assertThat(millis).as("the delay, then the handler's 300 ms").isBetween(600L, 2000L);
		}
	}

	private Webserv start(Consumer<VirtualServer.Builder> site) {
		ServerEvents events = new ServerEvents() {
			@Override
			public void requestStarted(String listener) {
				started.incrementAndGet();
			}

			@Override
			public void requestCompleted(RequestLog log) {
				completed.add(log.status());
			}
		};
		return TestServers.start(site,
				config -> config.ioThreads(1)
					.virtualThreads(false)
					.workerThreads(2)
					.trustedProxies("127.0.0.1")
					.events(events));
	}

}
