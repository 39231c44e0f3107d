package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;
import dev.webserv.testing.TestServers;

/**
 * The worker queue is bounded (past {@code Limits.maxQueuedHandlers} a request gets 503
 * with Retry-After at once) and a handler past its timeout is interrupted, not left
 * running.
 */
class WorkerQueueTest {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch interrupted = new CountDownLatch(1);

	private Webserv server;

	@AfterEach
	void stop() {
		release.countDown();
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void answers503WithRetryAfterOnceTheQueueIsFull() throws Exception {
		server = TestServers.start(site -> site.route("GET", "/hold", request -> {
			release.await(20, TimeUnit.SECONDS);
			return Response.ok("held");
		}), config -> config.virtualThreads(false).workerThreads(1).limits(Limits.DEFAULTS.withMaxQueuedHandlers(2)));
		try (RawClient running = new RawClient(server.port(), 20_000);
				RawClient queued1 = new RawClient(server.port(), 20_000);
				RawClient queued2 = new RawClient(server.port(), 20_000);
				RawClient refused = new RawClient(server.port(), 20_000)) {
			running.send(get("/hold"));
			Await.until(DEADLINE, "one handler running", () -> server.statistics().handlersRunning(), n -> n == 1);
			queued1.send(get("/hold"));
			queued2.send(get("/hold"));
			Await.until(DEADLINE, "two handlers queued", () -> server.statistics().handlersQueued(), n -> n == 2);

			long start = System.nanoTime();
			RawResponse answer = refused.send(get("/hold")).read();

			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.header("Retry-After")).isEqualTo("1");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once").isLessThan(DEADLINE);
			assertThat(server.statistics().handlersQueued()).isEqualTo(2);

			release.countDown();
			assertThat(running.read().bodyText()).isEqualTo("held");
			assertThat(queued1.read().bodyText()).isEqualTo("held");
			assertThat(queued2.read().bodyText()).isEqualTo("held");
			Await.until(DEADLINE, "the queue empty", () -> server.statistics().handlersQueued(), n -> n == 0);
		}
	}

	@Test
	void interruptsAHandlerPastItsTimeout() throws Exception {
		Handler stuck = new Handler() {
			@Override
			public Response handle(dev.webserv.Request request) throws Exception {
				try {
					release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					interrupted.countDown();
					throw e;
				}
				return Response.ok("too late");
			}

			@Override
			public Duration timeout() {
				return Duration.ofMillis(300);
			}
		};
		server = TestServers.start(site -> site.route("GET", "/stuck", stuck),
				config -> config.virtualThreads(false).workerThreads(1));
		try (RawClient client = new RawClient(server.port(), 20_000)) {
			assertThat(client.send(get("/stuck")).read().status()).isEqualTo(503);
			assertThat(interrupted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the handler's thread interrupted")
				.isTrue();
			Await.until(DEADLINE, "the worker free again", () -> server.statistics().handlersRunning(), n -> n == 0);
		}
	}

	private static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
	}

}
