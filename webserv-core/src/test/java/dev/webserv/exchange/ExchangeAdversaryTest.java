package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.HttpExchange;
import dev.webserv.Webserv;
import dev.webserv.testing.BodyCollector;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Exchange handlers and body subscribers that misuse the API, and clients that misbehave
 * during an exchange: each ends with a clear answer or a clean close, and every future
 * the handler holds completes.
 */
class ExchangeAdversaryTest {

	private final CompletableFuture<Throwable> bodyError = new CompletableFuture<>();

	private final CompletableFuture<CompletableFuture<Void>> late = new CompletableFuture<>();

	private final CompletableFuture<Throwable> aborted = new CompletableFuture<>();

	private final AtomicReference<Thread> producer = new AtomicReference<>();

	private final CompletableFuture<HttpExchange> held = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() {
		Timeouts timeouts = Timeouts.DEFAULTS.withHandler(Duration.ofSeconds(3)).withIdle(Duration.ofSeconds(3));
		server = TestServers.start(s -> s.exchange("POST", "/throwing-subscriber", exchange -> {
			exchange.requestBody().subscribe(new Flow.Subscriber<ByteBuffer>() {
				@Override
				public void onSubscribe(Flow.Subscription subscription) {
					throw new IllegalStateException("subscriber bug");
				}

				@Override
				public void onNext(ByteBuffer item) {
				}

				@Override
				public void onError(Throwable throwable) {
				}

				@Override
				public void onComplete() {
				}
			});
		}).exchange("POST", "/zero", exchange -> {
			exchange.requestBody().subscribe(new Flow.Subscriber<ByteBuffer>() {
				@Override
				public void onSubscribe(Flow.Subscription subscription) {
					subscription.request(0);
				}

				@Override
				public void onNext(ByteBuffer item) {
				}

				@Override
				public void onError(Throwable throwable) {
					bodyError.complete(throwable);
					exchange.status(400);
					exchange.end();
				}

				@Override
				public void onComplete() {
				}
			});
		}).exchange("GET", "/threads", exchange -> {
			List<Thread> writers = new ArrayList<>();
			CountDownLatch go = new CountDownLatch(1);
			List<CompletableFuture<Void>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
			for (int t = 0; t < 8; t++) {
				Thread writer = new Thread(() -> {
					try {
						go.await();
					}
					catch (InterruptedException e) {
						return;
					}
					for (int i = 0; i < 100; i++) {
						futures.add(exchange.write(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII))));
					}
				});
				writer.start();
				writers.add(writer);
			}
			go.countDown();
			new Thread(() -> {
				for (Thread writer : writers) {
					try {
						writer.join();
					}
					catch (InterruptedException e) {
						return;
					}
				}
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenRun(exchange::end);
			}).start();
		}).exchange("GET", "/late", exchange -> {
			exchange.end()
				.thenRun(() -> new Thread(() -> late.complete(exchange.write(ByteBuffer.wrap(new byte[10])))).start());
		}).exchange("POST", "/held", held::complete).exchange("GET", "/sse", exchange -> {
			exchange.onAbort(aborted::complete);
			Thread writer = new Thread(() -> {
				while (true) {
					CompletableFuture<Void> write = exchange.write(ByteBuffer.wrap("data: x\n\n".getBytes()))
						.thenCompose(ok -> exchange.flush());
					try {
						write.get(30, TimeUnit.SECONDS);
						Thread.sleep(20);
					}
					catch (Exception e) {
						return;
					}
				}
			});
			writer.setDaemon(true);
			producer.set(writer);
			writer.start();
		}), config -> config.timeouts(timeouts));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aSubscriberThatThrowsFromOnSubscribeGets500() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /throwing-subscriber HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
			assertThat(raw.read().status()).isEqualTo(500);
		}
	}

	@Test
	void aRequestForNothingFailsTheBody() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /zero HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
			assertThat(raw.read().status()).isEqualTo(400);
		}
		assertThat(bodyError.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void writesFromManyThreadsAllArrive() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 10000)) {
			raw.send("GET /threads HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).hasSize(8 * 100 * 10);
		}
	}

	@Test
	void aWriteAfterTheEndFails() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(200);
			CompletableFuture<Void> write = late.get(5, TimeUnit.SECONDS);
			assertThat(write.handle((ok, e) -> e).get(5, TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void stoppingTheServerEndsAnEventStream() throws Exception {
		RawClient raw = new RawClient(server.port(), 5000);
		raw.send("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");
		InputStream in = raw.socket().getInputStream();
		RawClient.readUntil(in, "data: x\n\n");
		long started = System.nanoTime();
		server.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		aborted.get(5, TimeUnit.SECONDS); // told (the cause says a plain close today)
		// its next write failed: no future left pending
		producer.get().join(5000);
		assertThat(producer.get().isAlive()).isFalse();
		ByteArrayOutputStream rest = new ByteArrayOutputStream();
		in.transferTo(rest);
		raw.close();
	}

	@Test
	void aSubscriberOrAbortCallbackThatComesAfterTheServerStoppedIsToldAtOnce() throws Exception {
		try (RawClient raw = new RawClient(server.port(), 5000)) {
			raw.send("POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
			HttpExchange exchange = held.get(5, TimeUnit.SECONDS);
			server.stop();
			BodyCollector late = new BodyCollector();
			exchange.requestBody().subscribe(late);
			assertThat(late.body().handle((body, error) -> error).get(5, TimeUnit.SECONDS)).isNotNull();
			CompletableFuture<Throwable> told = new CompletableFuture<>();
			exchange.onAbort(told::complete);
			assertThat(told.get(5, TimeUnit.SECONDS)).isNotNull();
			assertThat(exchange.end().handle((ok, error) -> error).get(5, TimeUnit.SECONDS)).isNotNull();
		}
	}

}
