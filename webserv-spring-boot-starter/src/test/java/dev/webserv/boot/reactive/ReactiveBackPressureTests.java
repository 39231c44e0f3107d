package dev.webserv.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Back-pressure and cancellation across the adapter: a client that stops reading stops
 * the application's producer, a client that leaves cancels it, and a client that leaves
 * halfway through its upload fails the body the application reads.
 */
class ReactiveBackPressureTests {

	private static final int CHUNK = 64 * 1024;

	private WebServer webServer;

	@AfterEach
	void tearDown() {
		if (webServer != null) {
			webServer.stop();
		}
	}

	private int start(HttpHandler handler) {
		webServer = new WebservReactiveWebServerFactory(0).getWebServer(handler);
		webServer.start();
		return webServer.getPort();
	}

	@Test
	void aClientThatStopsReadingStopsTheProducerAndLeavingCancelsIt() throws Exception {
		AtomicLong produced = new AtomicLong();
		AtomicBoolean cancelled = new AtomicBoolean();
		int port = start((request, response) -> response.writeWith(Flux.<DataBuffer>generate(sink -> {
			produced.addAndGet(CHUNK);
			sink.next(response.bufferFactory().wrap(new byte[CHUNK]));
		}).doOnCancel(() -> cancelled.set(true))));
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(CHUNK);
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			awaitSteady(produced);
			// the socket buffers on both sides plus the exchange's high-water mark: a few
			// MiB, never the unbounded stream
			assertThat(produced.get()).isLessThan(32L * 1024 * 1024);
			assertThat(cancelled).isFalse();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(cancelled);
	}

	/** Waits (10 s at most) until the count stops growing for half a second. */
	private static void awaitSteady(AtomicLong count) {
		AtomicLong last = new AtomicLong(-1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> count.get() > 0 && last.getAndSet(count.get()) == count.get());
	}

	/**
	 * The application's work is cancelled (as on Reactor Netty), which reaches the body
	 * subscription.
	 */
	@Test
	void aClientLeavingMidUploadCancelsTheBodyTheApplicationReads() throws Exception {
		AtomicLong received = new AtomicLong();
		AtomicReference<String> ended = new AtomicReference<>();
		int port = start((request, response) -> request.getBody()
			.doOnNext(buffer -> received.addAndGet(buffer.readableByteCount()))
			.doOnNext(DataBufferUtils::release)
			.doOnCancel(() -> ended.set("cancelled"))
			.doOnError(error -> ended.set("failed"))
			.then(Mono.defer(response::setComplete)));
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[1_000_000]);
			out.flush();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1_000_000);
			assertThat(ended.get()).isNull();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() != null);
		assertThat(received.get()).isLessThan(10_000_000);
	}

}
