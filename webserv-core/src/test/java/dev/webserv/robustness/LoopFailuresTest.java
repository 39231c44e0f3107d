package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.parser.Rejection;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Nothing thrown on an event loop stops it: a throwing handler, listener or stream costs
 * one connection at most, and the one event loop of these servers goes on serving.
 */
class LoopFailuresTest {

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private Webserv start(Consumer<dev.webserv.config.VirtualServer.Builder> routes,
			Consumer<ServerConfig.Builder> config) {
		server = TestServers.start(
				s -> routes.accept(s.route("GET", "/ok", Handler.nonBlocking(r -> Response.ok("ok")))),
				c -> config.accept(c.ioThreads(1)));
		return server;
	}

	private void assertStillServes() throws IOException {
		for (int i = 0; i < 3; i++) {
			try (RawClient client = new RawClient(server.port(), 3000)) {
				assertThat(client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText()).isEqualTo("ok");
			}
		}
	}

	@Test
	void aNonBlockingHandlerThatThrowsAnErrorGets500AndTheLoopServesOn() throws IOException {
		start(s -> s.route("GET", "/error", Handler.nonBlocking(r -> {
			throw new Error("a handler's own Error");
		})).route("GET", "/runtime", Handler.nonBlocking(r -> {
			throw new IllegalStateException("a handler's bug");
		})), c -> {
		});
		for (String path : new String[] { "/error", "/runtime", "/error" }) {
			try (RawClient client = new RawClient(server.port(), 3000)) {
				assertThat(client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(500);
			}
		}
		assertStillServes();
	}

	@Test
	void aListenerThatThrowsOnEveryEventCostsNeitherTheLoopNorTheConnection() throws IOException {
		ServerEvents throwing = new ServerEvents() {
			@Override
			public void connectionOpened(String listener) {
				throw new IllegalStateException("opened");
			}

			@Override
			public void connectionClosed(String listener, long nanos, long received, long sent, int requests) {
				throw new Error("closed");
			}

			@Override
			public void requestStarted(String listener) {
				throw new IllegalStateException("started");
			}

			@Override
			public void requestCompleted(RequestLog log) {
				throw new Error("completed");
			}

			@Override
			public void parseError(String listener, RejectionReason rejection) {
				throw new IllegalStateException("parse error");
			}

			@Override
			public void timeout(String listener, TimeoutPhase phase) {
				throw new Error("timeout");
			}
		};
		start(s -> {
		}, c -> c.events(throwing).timeouts(Timeouts.DEFAULTS.withHeader(Duration.ofMillis(300))));
		try (RawClient slow = new RawClient(server.port(), 5000)) {
			// a 408 from the timeout sweep: its requestCompleted throws inside the sweep
			assertThat(slow.send("GET /ok HTTP/1.1\r\n").read().status()).isEqualTo(408);
		}
		try (RawClient bad = new RawClient(server.port(), 3000)) {
			assertThat(bad.send("GET /ok HTTP/9.9\r\nHost: x\r\n\r\n").read().status()).isEqualTo(505);
		}
		try (RawClient client = new RawClient(server.port(), 3000)) {
			client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().bodyText()).isEqualTo("ok");
			assertThat(client.read().bodyText()).isEqualTo("ok");
		}
		assertStillServes();
		Await.until(Duration.ofSeconds(5), "every connection slot released",
				() -> server.statistics().connections() == 0);
	}

	@Test
	void aStreamWhoseCloseThrowsAnErrorOffTheLoopCostsNothing() throws Exception {
		java.util.List<String> closedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
		InputStream failingClose = new InputStream() {
			private int left = 10;

			@Override
			public int read() {
				return left-- > 0 ? 'x' : -1;
			}

			@Override
			public void close() {
				closedOn.add(Thread.currentThread().getName());
				throw new Error("close failed");
			}
		};
		// answered by the handler timeout first: the late response's stream is discarded
		Handler late = new Handler() {
			@Override
			public Response handle(dev.webserv.Request request) throws Exception {
				long end = System.nanoTime() + 400_000_000L;
				while (System.nanoTime() < end) {
					// deaf to the timeout's interrupt, so its response comes back late
					java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
				}
				return Response.status(200).body(failingClose, -1);
			}
		};
		start(s -> s.route("GET", "/late", late),
				c -> c.timeouts(Timeouts.DEFAULTS.withHandler(Duration.ofMillis(100))));
		try (RawClient client = new RawClient(server.port(), 3000)) {
			assertThat(client.send("GET /late HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(503);
		}
		Await.until(Duration.ofSeconds(5), "the late stream closed", () -> !closedOn.isEmpty());
		assertThat(closedOn).noneMatch(name -> name.startsWith("webserv-io-"));
		assertStillServes();
	}

	@Test
	void aStreamWhoseReadThrowsAnErrorEndsItsConnectionAtOnce() throws Exception {
		InputStream failingRead = new InputStream() {
			@Override
			public int read() {
				throw new Error("read failed");
			}
		};
		start(s -> s.route("GET", "/broken", r -> Response.status(200).body(failingRead, -1)), c -> {
		});
		try (RawClient client = new RawClient(server.port(), 3000)) {
			long start = System.nanoTime();
			String received = client.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd();
			assertThat(received).startsWith("HTTP/1.1 200").doesNotContain("0\r\n\r\n");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
		assertStillServes();
	}

	@Test
	void aHandlerThatReturnsStatus600Or1xxGets500AtOnce() throws IOException {
		start(s -> s.route("GET", "/600", r -> Response.status(200).statusCode(600))
			.route("GET", "/1xx", r -> Response.status(103))
			.route("GET", "/600nb", Handler.nonBlocking(r -> Response.status(200).statusCode(600))), c -> {
			});
		for (String path : new String[] { "/600", "/1xx", "/600nb" }) {
			try (RawClient client = new RawClient(server.port(), 3000)) {
				long start = System.nanoTime();
				assertThat(client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).as(path)
					.isEqualTo(500);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			}
		}
		assertStillServes();
	}

}
