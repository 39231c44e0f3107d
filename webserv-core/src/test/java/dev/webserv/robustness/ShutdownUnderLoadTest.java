package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.events.RequestLog;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A graceful stop while a load runs: every request the server had received is answered in
 * full (none failed, none lost), new connections are refused, and the stop finishes
 * within its timeout.
 */
class ShutdownUnderLoadTest {

	private static final int CLIENTS = 8;

	private static final int MAX_REQUESTS_PER_CLIENT = 500;

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private final RecordingEvents events = new RecordingEvents();

	private final AtomicInteger answered = new AtomicInteger();

	private final AtomicInteger unanswered = new AtomicInteger();

	@Test
	void aGracefulStopUnderLoadAnswersEveryRequestItReceivedAndRefusesNewConnections() throws Exception {
		Resources.Snapshot before = Resources.snapshot();
		Webserv server = TestServers.start(s -> s.route("GET", "/work", r -> {
			Thread.sleep(5); // blocking work on a worker
			return Response.ok("done");
		}).route("POST", "/upload", r -> Response.ok("got " + r.body().length())),
				c -> c.events(events).timeouts(Timeouts.DEFAULTS.withShutdown(SHUTDOWN_TIMEOUT)));
		int port = server.port();
		CountDownLatch warm = new CountDownLatch(CLIENTS * 50);
		List<CompletableFuture<Void>> load = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			load.add(CompletableFuture.runAsync(() -> requestLoop(port, warm)));
		}
		RawClient upload = new RawClient(port);
		upload.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n");
		upload.send(new byte[100_000]); // half a body: received, not complete, when the
										// stop begins
		assertThat(warm.await(20, TimeUnit.SECONDS)).isTrue();

		long stopStart = System.nanoTime();
		CompletableFuture<Boolean> drained = server.shutdownGracefully();
		Await.until(Duration.ofSeconds(5), "new connections refused", () -> refused(port));
		upload.send(new byte[100_000]);
		RawClient.RawResponse uploaded = upload.read();
		assertThat(uploaded.bodyText()).isEqualTo("got 200000");
		assertThat(uploaded.header("Connection")).isEqualTo("close");
		answered.incrementAndGet();
		upload.close();

		assertThat(drained.get(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)).as("drained in time").isTrue();
		long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
		CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		server.stop();

		List<Integer> statuses = events.completed.stream().map(RequestLog::status).toList();
		assertThat(statuses).as("every request the server received ended in a 200").containsOnly(200);
		assertThat(events.started).as("every request started completed").hasValue(statuses.size());
		assertThat(answered).as("every completed request reached its client").hasValue(statuses.size());
		assertThat(stopMillis).isLessThan(SHUTDOWN_TIMEOUT.toMillis());
		int leaked = Resources.awaitBaseline(before, Duration.ofSeconds(15));

		Figures.record("graceful shutdown", "requests answered / failed or lost", statuses.size() + " / 0");
		Figures.record("graceful shutdown",
				"requests sent on a connection the drain closed while idle (never" + " started, a client retries them)",
				unanswered.get());
		Figures.record("graceful shutdown", "drained in (ms)", stopMillis);
		Figures.record("graceful shutdown", "fds leaked", leaked);
	}

	@Test
	void aRequestWaitingUnreadInTheSocketWhenTheStopBeginsIsAnsweredNotDropped() throws Exception {
		CountDownLatch blocking = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// one event loop, held by a (misbehaving) handler so that a second request waits
		// unread in its socket
		Webserv server = TestServers.start(s -> s.route("GET", "/hello", Handler.nonBlocking(r -> Response.ok("hi")))
			.route("GET", "/hold", Handler.nonBlocking(r -> {
				blocking.countDown();
				release.await(10, TimeUnit.SECONDS);
				return Response.ok("held");
			})), c -> c.ioThreads(1));
		try (RawClient idle = new RawClient(server.port()); RawClient holder = new RawClient(server.port())) {
			assertThat(idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
			holder.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();
			idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"); // in the socket, not yet
																	// read
			CompletableFuture<Boolean> drained = server.shutdownGracefully();
			release.countDown();

			RawClient.RawResponse waiting = idle.read();
			assertThat(waiting.bodyText()).isEqualTo("hi");
			assertThat(waiting.header("Connection")).isEqualTo("close");
			assertThat(holder.read().bodyText()).isEqualTo("held");
			assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			release.countDown();
			server.stop();
		}
	}

	/**
	 * Keep-alive requests in a bounded loop until the server closes the connection and
	 * refuses a new one. A request sent on a connection the server closed at the same
	 * moment is a keep-alive race a client retries; it is counted apart, and the test
	 * insists the server never started such a request.
	 */
	private void requestLoop(int port, CountDownLatch warm) {
		int sent = 0;
		while (sent < MAX_REQUESTS_PER_CLIENT) {
			RawClient client;
			try {
				client = new RawClient(port);
			}
			catch (IOException refused) {
				return;
			}
			try (client) {
				while (sent < MAX_REQUESTS_PER_CLIENT) {
					sent++;
					client.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
					RawClient.RawResponse response;
					try {
						response = client.read();
					}
					catch (IOException closedBeforeAnswer) {
						unansweredIfNotStarted();
						break;
					}
					assertThat(response.bodyText()).isEqualTo("done");
					answered.incrementAndGet();
					warm.countDown();
					if ("close".equals(response.header("Connection"))) {
						break;
					}
				}
			}
			catch (IOException sendFailed) {
				unansweredIfNotStarted();
			}
		}
	}

	/**
	 * Closed by the drain while idle: the request went nowhere, which the server-side
	 * counts confirm.
	 */
	private void unansweredIfNotStarted() {
		unanswered.incrementAndGet();
	}

	private static boolean refused(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return false;
		}
		catch (ConnectException e) {
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

}
