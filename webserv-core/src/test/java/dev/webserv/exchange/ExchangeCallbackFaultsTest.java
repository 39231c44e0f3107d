package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.HttpExchange;
import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Callbacks of the handler's that misbehave or come in numbers (the hunt4 review): a body
 * subscriber that throws from {@code onError} while {@code end()} runs, a refused second
 * subscriber that throws, and several {@code onAbort} callbacks on one exchange (the
 * starter's adapter and its gzip layer each register one).
 */
class ExchangeCallbackFaultsTest {

	private final RecordingEvents events = new RecordingEvents();

	private final CompletableFuture<CompletableFuture<Void>> ended = new CompletableFuture<>();

	private final List<String> told = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpExchange> parked = new CompletableFuture<>();

	private final CompletableFuture<CompletableFuture<byte[]>> firstBody = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.exchange("POST", "/throwing-on-error", exchange -> {
			exchange.requestBody().subscribe(new BodyCollector(0) {
				@Override
				public void onError(Throwable throwable) {
					throw new IllegalStateException("subscriber bug in onError");
				}
			});
			exchange.write(ByteBuffer.wrap("answered".getBytes(StandardCharsets.US_ASCII)));
			ended.complete(exchange.end());
		}).exchange("GET", "/two-callbacks", exchange -> {
			exchange.onAbort(cause -> told.add("first"));
			exchange.onAbort(cause -> told.add("second"));
			parked.complete(exchange);
		}).exchange("POST", "/second-subscriber-throws", exchange -> {
			BodyCollector first = new BodyCollector();
			exchange.requestBody().subscribe(first);
			firstBody.complete(first.body());
			exchange.requestBody().subscribe(new BodyCollector() {
				@Override
				public void onError(Throwable refused) {
					throw new IllegalStateException("a second subscriber that throws when refused");
				}
			});
		}).exchange("GET", "/many-callbacks", exchange -> {
			for (int i = 0; i < 10_000; i++) {
				exchange.onAbort(cause -> told.add("many"));
			}
		}), config -> config.events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	/**
	 * end() fails the unread body and the subscriber throws from onError: had that
	 * aborted the exchange, end() would go on with a closed connection (closed twice, the
	 * connection count at -1). It is only logged: the response stands, one close.
	 */
	@Test
	void aSubscriberThatThrowsFromOnErrorDuringEndClosesTheConnectionOnce() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /throwing-on-error HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");
			Await.until(Duration.ofSeconds(5), "the exchange is recorded", () -> !events.completed.isEmpty());
			assertThat(server.statistics().connections()).isBetween(0, 1);
			assertThat(raw.read().bodyText()).isEqualTo("answered"); // the response
																		// stands
		}
		ended.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS); // completed, not failed
		Await.until(Duration.ofSeconds(5), "the connection is closed", () -> events.closed.get() >= 1);
		Await.until(Duration.ofSeconds(5), "no connection is counted", () -> server.statistics().connections() == 0);
		assertThat(events.closed.get()).isEqualTo(events.opened.get()).isEqualTo(1);
	}

	/**
	 * Defect: each onAbort replaced the callback before it, so of two layers that each
	 * registered one (the starter's gzip layer frees its Deflater, its adapter cancels
	 * the handler's Flux) only the last was told.
	 */
	@Test
	void everyAbortCallbackIsTold() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET /two-callbacks HTTP/1.1\r\nHost: x\r\n\r\n");
			parked.get(5, TimeUnit.SECONDS);
		}
		Await.until(Duration.ofSeconds(5), "both callbacks are told", () -> told.size() >= 2);
		assertThat(told).containsExactly("first", "second");
	}

	/**
	 * Defect: a second subscriber, refused, that threw from onError marked the body as
	 * cancelled, which is the first subscriber's state: the exchange failed (500) but its
	 * real subscriber was never told, its future pending for ever.
	 */
	@Test
	void aRefusedSubscriberThatThrowsLeavesTheFirstOneATerminalSignal() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /second-subscriber-throws HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
			assertThat(raw.read().status()).isEqualTo(500);
		}
		CompletableFuture<byte[]> first = firstBody.get(5, TimeUnit.SECONDS);
		assertThat(first.handle((body, error) -> error).get(5, TimeUnit.SECONDS)).isNotNull();
	}

	/** The callbacks one exchange may hold are bounded: past the bound it is aborted. */
	@Test
	void tooManyAbortCallbacksAbortTheExchange() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET /many-callbacks HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.closedByServer()).isTrue();
		}
		// the ones registered before the abort are told, and every later one at once
		Await.until(Duration.ofSeconds(5), "the callbacks are told", () -> told.size() == 10_000);
		Await.until(Duration.ofSeconds(5), "no connection is counted", () -> server.statistics().connections() == 0);
	}

}
