package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.Await;

/**
 * Tasks never starve the loop's sockets and deadlines: a task that hands itself back to
 * the loop (a piece of work that yields between steps), or threads that keep handing
 * tasks, still leave the loop to select, sweep and stop.
 */
class EventLoopFairnessTest {

	private final EventLoop loop = new EventLoop("fairness-test", Duration.ofMillis(10));

	private final AtomicBoolean yielding = new AtomicBoolean(true);

	private final AtomicInteger steps = new AtomicInteger();

	@AfterEach
	void stop() {
		yielding.set(false);
		loop.stop(5000);
	}

	@Test
	void aTaskThatRequeuesItselfLeavesTheLoopToServeSocketsAndDeadlines() throws Exception {
		loop.start();
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
					SocketChannel accepted = server.accept()) {
				accepted.configureBlocking(false);
				CompletableFuture<Integer> read = new CompletableFuture<>();
				AtomicInteger checks = new AtomicInteger();
				CompletableFuture<SelectionKey> registered = new CompletableFuture<>();
				loop.execute(() -> {
					try {
						registered.complete(loop.register(accepted, SelectionKey.OP_READ, new EventLoop.Member() {
							@Override
							public void ready(SelectionKey key) throws IOException {
								read.complete(accepted.read(ByteBuffer.allocate(16)));
							}

							@Override
							public void checkTimeouts(long nanoNow) {
								checks.incrementAndGet();
							}

							@Override
							public void close() {
							}
						}));
					}
					catch (IOException e) {
						registered.completeExceptionally(e);
					}
				});
				registered.get(5, TimeUnit.SECONDS);
				loop.execute(new Runnable() {
					@Override
					public void run() {
						steps.incrementAndGet();
						if (yielding.get()) {
							loop.execute(this); // the next step, after what else is due
						}
					}
				});
				Await.until("the yielding task runs", () -> steps.get() > 1000);
				client.write(ByteBuffer.wrap(new byte[] { 'x' }));
				assertThat(read.get(3, TimeUnit.SECONDS)).isEqualTo(1);
				int before = checks.get();
				Await.until("the member's deadlines are checked", () -> checks.get() > before + 2);
			}
		}
	}

	@Test
	void stopEndsALoopWhoseTaskRequeuesItself() throws Exception {
		loop.start();
		loop.execute(new Runnable() {
			@Override
			public void run() {
				steps.incrementAndGet();
				loop.execute(this); // never stops by itself
			}
		});
		Await.until("the task runs", () -> steps.get() > 1000);
		loop.stop(3000);
		assertThat(loop.isAlive()).isFalse();
		// refused only once the thread left its loop
		assertThatThrownBy(() -> loop.execute(() -> {
		})).isInstanceOf(RejectedExecutionException.class);
	}

}
