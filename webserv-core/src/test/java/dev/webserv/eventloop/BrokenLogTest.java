package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.TestServers;
import dev.webserv.testing.ThrowingEvents;

/**
 * A failure the loop survives is logged; a log handler that throws while it is logged
 * must not turn it into one that stops the loop.
 */
class BrokenLogTest {

	private final Logger logger = Logger.getLogger(EventLoop.class.getName());

	private final AtomicInteger published = new AtomicInteger();

	private final Handler throwing = new Handler() {

		@Override
		public void publish(LogRecord record) {
			published.incrementAndGet();
			throw new IllegalStateException("the log is broken");
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void breakTheLog() {
		logger.addHandler(throwing);
	}

	@AfterEach
	void mendTheLog() {
		logger.removeHandler(throwing);
	}

	@Test
	void aThrowingListenerLoggedThroughAThrowingLogHandlerCostsNoLoop() throws Exception {
		// one loop: if it died, nothing would answer the requests after the first
		try (Webserv server = TestServers.start(s -> s.route("GET", "/", r -> Response.ok("ok")),
				config -> config.ioThreads(1).events(new ThrowingEvents()))) {
			for (int i = 0; i < 3; i++) {
				// a new client, so a new connection, each time: its events throw again
				HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
				assertThat(fresh
					.send(TestServers.request(server, "/").timeout(Duration.ofSeconds(5)).build(),
							BodyHandlers.ofString())
					.body()).isEqualTo("ok");
			}
			assertThat(published.get()).as("the failures reached the broken handler").isPositive();
			assertThat(server.state()).isEqualTo(Webserv.State.RUNNING);
		}
	}

}
