package dev.webserv.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * An access log sent to a logger whose backend throws (a broken appender) loses the lines
 * it refused, counted, and no more: the writer thread, shared by every access log of the
 * server, goes on and writes the next lines once the backend takes them again.
 */
class BrokenAccessLoggerTest {

	private static final String NAME = "dev.webserv.test.access.broken";

	private final Logger logger = Logger.getLogger(NAME);

	private final AtomicInteger refusals = new AtomicInteger(1);

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Handler failingOnce = new Handler() {

		@Override
		public void publish(LogRecord record) {
			if (refusals.getAndDecrement() > 0) {
				throw new IllegalStateException("the appender is broken");
			}
			lines.add(record.getMessage());
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void attach() {
		logger.setUseParentHandlers(false);
		logger.addHandler(failingOnce);
	}

	@AfterEach
	void detach() {
		logger.removeHandler(failingOnce);
		logger.setUseParentHandlers(true);
	}

	@Test
	void aLoggerThatThrowsLosesThatLineAndNotTheWriter() throws Exception {
		try (Webserv server = TestServers.start(s -> s.route("GET", "/t", r -> Response.ok("k"))
			.accessLog(AccessLog.toLogger(NAME).withFormat("$request_uri $status")))) {
			get(server, "/t?first");
			Await.until("the first line refused", () -> refusals.get() <= 0);
			Await.until(Duration.ofSeconds(5), "a later line written", () -> {
				get(server, "/t?later");
				return lines.contains("/t?later 200");
			});
			assertThat(server.accessLogDroppedLines()).as("the refused line, and those until it recovered")
				.isGreaterThanOrEqualTo(1);
		}
	}

	private static void get(Webserv server, String target) {
		try (RawClient client = new RawClient(server.port())) {
			client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(200);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

}
