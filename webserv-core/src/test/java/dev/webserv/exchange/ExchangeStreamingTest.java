package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.HttpExchange;
import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * A streamed response over a raw socket: server-sent events reach the client one at a
 * time while the response is open; a client that leaves mid-stream aborts the exchange;
 * write futures hold a producer back while the client does not read.
 */
class ExchangeStreamingTest {

	private static final int PIECE = 256 * 1024;

	private static final int PIECES = 200;

	private final RecordingEvents events = new RecordingEvents();

	private final AtomicReference<HttpExchange> current = new AtomicReference<>();

	private final CompletableFuture<Throwable> aborted = new CompletableFuture<>();

	private final AtomicLong completedBytes = new AtomicLong();

	private final CompletableFuture<Void> producerDone = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.exchange("GET", "/events", exchange -> {
			exchange.responseHeaders().set("Content-Type", "text/event-stream");
			exchange.onAbort(aborted::complete);
			exchange.write(event("1"));
			exchange.flush();
			current.set(exchange);
		}).exchange("GET", "/produce", exchange -> {
			Thread producer = new Thread(() -> produce(exchange), "test-producer");
			producer.start();
		}), config -> config.events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	private static ByteBuffer event(String data) {
		return ByteBuffer.wrap(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
	}

	/** Writes PIECES pieces, each after the previous one's future completed. */
	private void produce(HttpExchange exchange) {
		try {
			exchange.responseHeaders().set("Content-Length", Long.toString((long) PIECE * PIECES));
			for (int i = 0; i < PIECES; i++) {
				exchange.write(ByteBuffer.allocate(PIECE)).get(30, TimeUnit.SECONDS);
				completedBytes.addAndGet(PIECE);
			}
			exchange.end().get(30, TimeUnit.SECONDS);
			producerDone.complete(null);
		}
		catch (Exception e) {
			producerDone.completeExceptionally(e);
		}
	}

	@Test
	void serverSentEventsArriveOneByOneWhileTheResponseIsOpen() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String head = RawClient.readUntil(in, "\r\n\r\n");
			long got = head.length();
			assertThat(head).startsWith("HTTP/1.1 200").contains("Transfer-Encoding: chunked");
			String first = RawClient.readUntil(in, "\n\n");
			got += first.length();
			assertThat(first).endsWith("data: 1\n\n");
			Await.until("the exchange is published", () -> current.get() != null);
			HttpExchange exchange = current.get();
			for (int i = 2; i <= 4; i++) {
				// written from this thread: each event is read before the next is written
				exchange.write(event(Integer.toString(i)));
				exchange.flush();
				String next = RawClient.readUntil(in, "\n\n");
				got += next.length();
				assertThat(next).endsWith("data: " + i + "\n\n");
			}
			exchange.end().get(5, TimeUnit.SECONDS);
			String last = RawClient.readUntil(in, "0\r\n\r\n");
			got += last.length();
			assertThat(last).endsWith("\r\n0\r\n\r\n");
			assertThat(aborted).isNotDone();
			// the access record tells what the client got, as for any request
			long received = got;
			Await.until("the access record", () -> events.accesses.stream()
				.anyMatch(r -> r.status() == 200 && r.bytesSent() == received && r.request().path().equals("/events")));
		}
	}

	@Test
	void aClientThatLeavesMidStreamAbortsTheExchange() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			RawClient.readUntil(socket.getInputStream(), "data: 1\n\n");
		}
		assertThat(aborted.get(5, TimeUnit.SECONDS)).isNull(); // a plain close: no cause
		Await.until("the exchange logged as 499", () -> events.completed.stream().anyMatch(log -> log.status() == 499));
		CompletableFuture<Void> late = current.get().write(event("late"));
		Await.until("a write after the client left fails", late::isCompletedExceptionally);
	}

	@Test
	void writeFuturesHoldAProducerBackWhileTheClientDoesNotRead() throws Exception {
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.setSoTimeout(10000);
			socket.getOutputStream()
				.write("GET /produce HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			long stalledAt = Await.stable(completedBytes, Duration.ofSeconds(1));
			long total = (long) PIECE * PIECES;
			// what the kernel buffers on both sides plus the high-water mark, far from
			// all
			assertThat(stalledAt).isLessThan(total / 4);
			assertThat(producerDone).isNotDone();
			InputStream in = socket.getInputStream();
			RawClient.readUntil(in, "\r\n\r\n");
			byte[] buffer = new byte[64 * 1024];
			long read = 0;
			while (read < total) {
				int n = in.read(buffer);
				assertThat(n).isPositive();
				read += n;
			}
			producerDone.get(10, TimeUnit.SECONDS);
			assertThat(completedBytes.get()).isEqualTo(total);
		}
	}

}
