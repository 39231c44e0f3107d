package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * No queue of an exchange grows without bound: a producer that does not wait for its
 * write futures is refused past the bound and its exchange aborted, whether it writes on
 * the loop (the output's bound) or from a thread of its own while the loop is busy (the
 * bound on calls waiting for the loop).
 */
class ExchangeBoundsTest {

	private final CompletableFuture<List<CompletableFuture<Void>>> written = new CompletableFuture<>();

	private final CompletableFuture<Throwable> aborted = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.exchange("GET", "/greedy", exchange -> {
			exchange.onAbort(aborted::complete);
			List<CompletableFuture<Void>> futures = new ArrayList<>();
			for (int i = 0; i < 400; i++) { // 12.5 MiB, never waiting
				futures.add(exchange.write(ByteBuffer.allocate(32 * 1024)));
			}
			written.complete(futures);
		}).exchange("GET", "/flood", exchange -> {
			exchange.onAbort(aborted::complete);
			CountDownLatch queued = new CountDownLatch(1);
			List<CompletableFuture<Void>> futures = new ArrayList<>();
			Thread flooder = new Thread(() -> {
				for (int i = 0; i < 3000; i++) {
					futures.add(exchange.write(ByteBuffer.wrap(new byte[] { 'x' })));
				}
				queued.countDown();
			});
			flooder.start();
			// holds the loop (as a handler must never do) so the calls pile up
			queued.await(10, TimeUnit.SECONDS);
			written.complete(futures);
		}));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aWriterThatNeverWaitsIsRefusedPastTheOutputBound() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /greedy HTTP/1.1\r\nHost: x\r\n\r\n");
			List<CompletableFuture<Void>> futures = written.get(5, TimeUnit.SECONDS);
			assertThat(futures.get(0)).isCompleted(); // under the high-water mark: at
														// once
			assertThat(futures.get(futures.size() - 1)).isCompletedExceptionally();
			assertThat(aborted.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
			// closed without the end of the response
			assertThat(raw.readToEnd()).doesNotContain("\r\n0\r\n\r\n");
		}
	}

	@Test
	void callsPilingUpForABusyLoopAreRefusedPastTheirBound() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
			List<CompletableFuture<Void>> futures = written.get(15, TimeUnit.SECONDS);
			CompletableFuture<Void> last = futures.get(futures.size() - 1);
			assertThat(last).isCompletedExceptionally();
			assertThat(last.handle((ok, error) -> error).get()).isInstanceOf(RejectedExecutionException.class);
			assertThat(aborted.get(5, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class);
			// closed without the end of the response
			assertThat(raw.readToEnd()).doesNotContain("\r\n0\r\n\r\n");
		}
	}

}
