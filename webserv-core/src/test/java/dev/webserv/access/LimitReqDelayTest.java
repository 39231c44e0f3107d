package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
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
 * limit_req without nodelay delays a request on the loop's timer, not on a worker: many
 * clients waiting their turn leave the workers free for every other handler, and a client
 * that leaves while it waits costs nothing more (its handler never runs).
 */
class LimitReqDelayTest {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final int WORKERS = 4;

	private static final int CLIENTS = 8;

	private final List<String> refusals = new CopyOnWriteArrayList<>();

	private final List<Integer> completed = new CopyOnWriteArrayList<>();

	private final AtomicInteger started = new AtomicInteger();

	@Test
	void delayedRequestsHoldNoWorkerAndAreServedInTheirTurn() throws Exception {
		// 1r/s, burst 2: per client one at once, two after 1 s and 2 s, the fourth 503
		List<String> threads = new CopyOnWriteArrayList<>();
		Handler other = request -> Response.ok("other"); // blocking: needs a worker
		try (Webserv server = start(site -> site.limitReqZone("slow", "1r/s", 1000)
			.location(Location.builder("/limited")
				.limitReq(new LimitReq("slow", 2, false, 503))
				.handler(Handler.nonBlocking(request -> {
					threads.add(Thread.currentThread().getName());
					return Response.ok("limited");
				}))
				.build())
			.location(Location.builder("/other").handler(other).build()))) {

			long start = System.nanoTime();
			List<List<CompletableFuture<Long>>> perClient = new ArrayList<>();
			for (int client = 0; client < CLIENTS; client++) {
				List<CompletableFuture<Long>> mine = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					mine.add(send(server, "/limited", "203.0.113." + (client + 1), start));
				}
				perClient.add(mine);
			}
			// a refusal means its client's two delayed requests were counted before it
			Await.until(Duration.ofSeconds(5), "every client refused once", () -> refusals.size() == CLIENTS);

			long asked = System.nanoTime();
			HttpResponse<String> answer = CLIENT.send(request(server, "/other", "198.51.100.1").build(),
					HttpResponse.BodyHandlers.ofString());
			long otherMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);

			assertThat(answer.body()).isEqualTo("other");
			assertThat(otherMillis).as("a blocking route while %d requests wait their turn", 2 * CLIENTS)
				.isLessThan(700);
			for (List<CompletableFuture<Long>> mine : perClient) {
				List<Long> served = new ArrayList<>();
				for (CompletableFuture<Long> future : mine) {
					long millis = future.get(10, TimeUnit.SECONDS);
					if (millis >= 0) {
						served.add(millis);
					}
				}
				served.sort(null);
				assertThat(served).as("three served, one refused").hasSize(3);
				assertThat(served.get(0)).as("the first at once").isLessThan(900);
				assertThat(served.get(1)).as("the second a second after the first").isGreaterThanOrEqualTo(990);
				assertThat(served.get(2)).as("the third a second later").isGreaterThanOrEqualTo(1990);
			}
			assertThat(refusals).hasSize(CLIENTS).allMatch(reason -> reason.startsWith("limit_req "));
			assertThat(threads).as("a handler that never blocks runs on its loop, delayed or not")
				.hasSize(3 * CLIENTS)
				.allMatch(name -> name.contains("-loop-"));
		}
	}

	@Test
	void theHandlerTimeoutDoesNotCutTheWaitShort() throws Exception {
		Handler quick = new Handler() {
			@Override
			public Response handle(dev.webserv.Request request) {
				return Response.ok("quick");
			}

			@Override
			public Duration timeout() {
				return Duration.ofMillis(200);
			}
		};
		try (Webserv server = start(site -> site.limitReqZone("slow", "2r/s", 1000)
			.location(Location.builder("/").limitReq(new LimitReq("slow", 1, false, 503)).handler(quick).build()))) {

			long start = System.nanoTime();
			CompletableFuture<Long> first = send(server, "/", "203.0.113.9", start);
			CompletableFuture<Long> second = send(server, "/", "203.0.113.9", start);
			assertThat(List.of(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS)))
				.as("the second waits 500 ms, past its 200 ms handler timeout, and is served")
				.anySatisfy(millis -> assertThat(millis).isGreaterThanOrEqualTo(490));
			assertThat(completed).containsOnly(200);
		}
	}

	@Test
	void aClientThatLeavesWhileDelayedIsForgottenAndItsHandlerNeverRuns() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		Handler counted = request -> {
			runs.incrementAndGet();
			return Response.ok("ran");
		};
		try (Webserv server = start(site -> site.limitReqZone("slow", "2r/s", 1000)
			.limitConnZone("addr", 1000)
			.location(Location.builder("/")
				.limitReq(new LimitReq("slow", 5, false, 503))
				.limitConn("addr", 1)
				.handler(counted)
				.build()))) {

			long start = System.nanoTime();
			assertThat(send(server, "/", "203.0.113.7", start).get(5, TimeUnit.SECONDS)).isLessThan(400);
			try (RawClient raw = new RawClient(server.port())) {
				raw.send("GET / HTTP/1.1\r\nHost: site.test\r\nX-Forwarded-For: 203.0.113.7\r\n\r\n");
				Await.until(Duration.ofSeconds(5), "the second request taken", () -> started.get() == 2);
			} // due 500 ms after the first: the client leaves first
			Await.until(Duration.ofSeconds(5), "the left request completed", () -> completed.contains(499));

			// counted as nginx does: the third waits behind the one that left, until 1 s
			long third = send(server, "/", "203.0.113.7", start).get(5, TimeUnit.SECONDS);
			assertThat(third).as("served, after the turn of the one that left").isGreaterThanOrEqualTo(990);
			assertThat(runs.get()).as("the handler ran for the first and the third only").isEqualTo(2);
			assertThat(refusals).as("no limit_conn slot leaked").isEmpty();
		}
	}

	@Test
	void stoppingTheServerEndsAWaitAtOnce() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		Webserv server = start(site -> site.limitReqZone("slow", "1r/m", 1000)
			.location(Location.builder("/").limitReq(new LimitReq("slow", 5, false, 503)).handler(request -> {
				runs.incrementAndGet();
				return Response.ok("ran");
			}).build()));
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET / HTTP/1.1\r\nHost: site.test\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
			raw.send("GET / HTTP/1.1\r\nHost: site.test\r\n\r\n"); // its turn in 60 s
			Await.until(Duration.ofSeconds(5), "the second request taken", () -> started.get() == 2);

			long stopping = System.nanoTime();
			server.stop();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping)).isLessThan(2000);
			assertThat(raw.closedByServer()).isTrue();
		}
		finally {
			server.stop();
		}
		assertThat(runs.get()).isEqualTo(1);
		assertThat(completed).containsExactly(200, 500);
	}

	/** The request's time from {@code start} to its 200 in ms, or -1 for a 503. */
	private CompletableFuture<Long> send(Webserv server, String path, String client, long start) {
		return CLIENT.sendAsync(request(server, path, client).build(), HttpResponse.BodyHandlers.ofString())
			.thenApply(response -> {
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				if (response.statusCode() == 503) {
					return -1L;
				}
				assertThat(response.statusCode()).isEqualTo(200);
				return millis;
			});
	}

	private static HttpRequest.Builder request(Webserv server, String path, String client) {
		return TestServers.request(server, path).header("X-Forwarded-For", client).timeout(Duration.ofSeconds(10));
	}

	private Webserv start(Consumer<VirtualServer.Builder> site) {
		ServerEvents events = new ServerEvents() {
			@Override
			public void requestRefused(String route, String reason) {
				refusals.add(reason + " " + route);
			}

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
					.workerThreads(WORKERS)
					.trustedProxies("127.0.0.1")
					.events(events));
	}

}
