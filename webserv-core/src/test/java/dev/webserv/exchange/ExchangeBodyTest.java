package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.HttpExchange;
import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * The request side of an exchange: 100-continue on first demand only, the body limit on a
 * streamed body, one subscriber, failing subscribers and handlers, an unread body, and
 * one exchange at a time per connection.
 */
class ExchangeBodyTest {

	private final AtomicReference<HttpExchange> parked = new AtomicReference<>();

	private final CompletableFuture<Throwable> bodyError = new CompletableFuture<>();

	private final AtomicBoolean firstEnded = new AtomicBoolean();

	private final List<String> order = new CopyOnWriteArrayList<>();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers
			.start(s -> s.clientMaxBodySize(1024).exchange("POST", "/echo", BodyCollector.then((exchange, body) -> {
				exchange.write(ByteBuffer.wrap(body));
				exchange.end();
			}))
				.exchange("POST", "/park", parked::set)
				.exchange("POST", "/answer", exchange -> BodyCollector.answer(exchange, "answered unread"))
				.exchange("POST", "/limit", exchange -> {
					BodyCollector collector = new BodyCollector();
					exchange.requestBody().subscribe(collector);
					collector.body().whenComplete((body, error) -> bodyError.complete(error));
				})
				.exchange("POST", "/twice", exchange -> {
					exchange.requestBody().subscribe(new BodyCollector());
					BodyCollector second = new BodyCollector();
					exchange.requestBody().subscribe(second);
					second.body()
						.whenComplete(
								(body, error) -> BodyCollector.answer(exchange, error.getClass().getSimpleName()));
				})
				.exchange("POST", "/throws", exchange -> exchange.requestBody().subscribe(new BodyCollector() {
					@Override
					public void onNext(ByteBuffer item) {
						throw new IllegalStateException("subscriber failed");
					}
				}))
				.exchange("GET", "/committed-then-throws", exchange -> {
					exchange.write(ByteBuffer.wrap("partial".getBytes(StandardCharsets.UTF_8)));
					throw new IllegalStateException("after the commit");
				})
				.exchange("GET", "/first", exchange -> {
					order.add("first");
					parked.set(exchange);
				})
				.exchange("GET", "/second", exchange -> {
					order.add("second after first ended: " + firstEnded.get());
					exchange.end();
				}));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void continueIsSentWhenTheBodyIsFirstDemanded() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /park HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
			Await.until("the handler has the exchange", () -> parked.get() != null);
			BodyCollector collector = new BodyCollector();
			parked.get().requestBody().subscribe(collector); // demand, from this thread
			assertThat(raw.read().status()).isEqualTo(100);
			raw.send("hello");
			assertThat(collector.body().get(5, TimeUnit.SECONDS)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
			BodyCollector.answer(parked.get(), "done");
			assertThat(raw.read().bodyText()).isEqualTo("done");
		}
	}

	@Test
	void noContinueWhenTheResponseComesWithoutDemand() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /answer HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(200); // no 100 before it
			assertThat(response.bodyText()).isEqualTo("answered unread");
			// the body was never read: the connection cannot be reused safely
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void aStreamedBodyOverTheLimitGets413() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			String chunk = "x".repeat(800);
			raw.send("POST /limit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk
					+ "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(413);
		}
		assertThat(bodyError.get(5, TimeUnit.SECONDS)).isNotNull();
	}

	@Test
	void aDeclaredBodyOverTheLimitGets413BeforeDispatch() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /park HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(413);
		}
		assertThat(parked.get()).isNull();
	}

	@Test
	void aSecondSubscriberGetsAnError() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /twice HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
			assertThat(raw.read().bodyText()).isEqualTo("IllegalStateException");
		}
	}

	@Test
	void aSubscriberThatThrowsCostsA500NotTheLoop() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /throws HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
			assertThat(raw.read().status()).isEqualTo(500);
		}
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
			assertThat(raw.read().bodyText()).isEqualTo("hi"); // the loop serves on
		}
	}

	@Test
	void aHandlerThatThrowsAfterCommittingClosesTheConnection() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /committed-then-throws HTTP/1.1\r\nHost: x\r\n\r\n");
			String all = raw.readToEnd();
			// closed at once: whatever was queued is not completed
			assertThat(all).doesNotContain("\r\n0\r\n\r\n");
		}
	}

	@Test
	void pipelinedRequestsWaitForTheExchangeBeforeThem() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n");
			Await.until("the first exchange runs", () -> parked.get() != null);
			firstEnded.set(true);
			BodyCollector.answer(parked.get(), "first");
			assertThat(raw.read().bodyText()).isEqualTo("first");
			assertThat(raw.read().status()).isEqualTo(200);
		}
		assertThat(order).containsExactly("first", "second after first ended: true");
	}

	@Test
	void theBodyIsEchoedByDemand() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel");
			raw.send("lo");
			assertThat(raw.read().bodyText()).isEqualTo("hello");
		}
	}

}
