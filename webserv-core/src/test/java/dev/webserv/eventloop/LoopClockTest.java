package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.Await;

/**
 * The loop's cached clock: read once per wake-up before anything runs, shared by the keys
 * and tasks of that wake-up (at most {@link LoopClock#KEYS_PER_READ} keys per reading),
 * read again for a fresh time only after a write, and the real clock off the loop.
 */
class LoopClockTest {

	private static final String NAME = "loop-clock-test";

	private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private EventLoop loop;

	private final List<Pipe> pipes = new ArrayList<>();

	@BeforeEach
	void start() {
		loop = new EventLoop(NAME, Duration.ofMillis(50));
		loop.start();
	}

	@AfterEach
	void stop() throws IOException {
		loop.stop(5000);
		for (Pipe pipe : pipes) {
			pipe.sink().close();
			pipe.source().close();
		}
	}

	@Test
	void theTasksOfOneBatchShareOneReadingTakenAfterTheyWereHandedOver() throws Exception {
		long handedOver = System.nanoTime();
		long[] seen = new long[3];
		CompletableFuture<long[]> done = new CompletableFuture<>();

		loop.execute(() -> {
			seen[0] = loop.now();
			spin(SPIN_NANOS);
			seen[1] = loop.now();
			// handed over from the loop itself: runs in this same batch
			loop.execute(() -> {
				seen[2] = loop.now();
				done.complete(seen);
			});
		});

		long[] now = done.get(10, TimeUnit.SECONDS);
		assertThat(now[0]).isGreaterThanOrEqualTo(handedOver);
		assertThat(now[1]).isEqualTo(now[0]);
		assertThat(now[2]).isEqualTo(now[0]);
	}

	@Test
	void aFreshReadingAfterAWriteIsNewAndSharedByWhatEndsAfterThatWrite() throws Exception {
		CompletableFuture<long[]> done = new CompletableFuture<>();

		loop.execute(() -> {
			long read = loop.now();
			spin(SPIN_NANOS);
			long unchanged = loop.freshNow(); // nothing was written since the reading
			loop.lapse();
			long fresh = loop.freshNow();
			long shared = loop.freshNow();
			done.complete(new long[] { read, unchanged, fresh, shared, loop.now() });
		});

		long[] now = done.get(10, TimeUnit.SECONDS);
		assertThat(now[1]).isEqualTo(now[0]);
		assertThat(now[2] - now[0]).isGreaterThanOrEqualTo(SPIN_NANOS);
		assertThat(now[3]).isEqualTo(now[2]);
		assertThat(now[4]).as("the loop's time moved with the fresh reading").isEqualTo(now[2]);
	}

	@Test
	void aWakeUpReadsTheClockBeforeItServesAKey() throws Exception {
		Pipe pipe = pipe();
		CompletableFuture<Long> servedAt = new CompletableFuture<>();
		register(pipe, key -> servedAt.complete(loop.now()));
		Await.until("the loop asleep in select", this::selecting);

		long written = System.nanoTime();
		pipe.sink().write(ByteBuffer.wrap(new byte[] { 1 }));

		assertThat(servedAt.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(written);
	}

	@Test
	void oneReadingServesAtMostKeysPerReadKeys() throws Exception {
		int members = LoopClock.KEYS_PER_READ + 36;
		List<Long> servedAt = new ArrayList<>(); // loop thread only until all are in
		CountDownLatch all = new CountDownLatch(members);
		for (int i = 0; i < members; i++) {
			register(pipe(), key -> {
				servedAt.add(loop.now());
				all.countDown();
			});
		}
		// every pipe becomes readable while the loop is held in a task: the next
		// select() hands it all of them at once
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		loop.execute(() -> {
			held.countDown();
			await(release);
		});
		await(held);
		for (Pipe pipe : pipes) {
			pipe.sink().write(ByteBuffer.wrap(new byte[] { 1 }));
		}
		release.countDown();

		assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
		List<Integer> runs = runsOfEqualValues(onLoop(() -> new ArrayList<>(servedAt)));
		assertThat(runs).containsExactly(LoopClock.KEYS_PER_READ, 36);
	}

	@Test
	void offTheLoopItIsTheRealClock() {
		Await.until("the loop asleep in select", this::selecting);
		long before = System.nanoTime();
		long beforeMillis = System.currentTimeMillis();

		assertThat(loop.now()).isGreaterThanOrEqualTo(before);
		assertThat(loop.freshNow()).isGreaterThanOrEqualTo(before);
		assertThat(loop.refresh()).isGreaterThanOrEqualTo(before);
		assertThat(loop.epochMillis()).isGreaterThanOrEqualTo(beforeMillis);
	}

	@Test
	void theWallClockOnTheLoopIsTheSystemsWithinAMillisecondOrTwo() throws Exception {
		CompletableFuture<long[]> done = new CompletableFuture<>();

		loop.execute(() -> {
			long before = System.currentTimeMillis();
			loop.refresh();
			long derived = loop.epochMillis();
			long after = System.currentTimeMillis();
			done.complete(new long[] { before, derived, after });
		});

		long[] millis = done.get(10, TimeUnit.SECONDS);
		assertThat(millis[1]).isBetween(millis[0] - 2, millis[2] + 2);
	}

	private static List<Integer> runsOfEqualValues(List<Long> values) {
		List<Integer> runs = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			if (i > 0 && values.get(i).equals(values.get(i - 1))) {
				runs.set(runs.size() - 1, runs.get(runs.size() - 1) + 1);
			}
			else {
				runs.add(1);
			}
		}
		return runs;
	}

	private <T> T onLoop(java.util.function.Supplier<T> value) throws Exception {
		CompletableFuture<T> result = new CompletableFuture<>();
		loop.execute(() -> result.complete(value.get()));
		return result.get(10, TimeUnit.SECONDS);
	}

	private static void spin(long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Registers a member that drains its pipe and runs {@code onReady}, on the loop. */
	private void register(Pipe pipe, java.util.function.Consumer<SelectionKey> onReady) throws Exception {
		EventLoop.Member member = new EventLoop.Member() {
			@Override
			public void ready(SelectionKey key) throws IOException {
				pipe.source().read(ByteBuffer.allocate(16));
				onReady.accept(key);
			}

			@Override
			public void close() {
			}
		};
		onLoop(() -> {
			try {
				return loop.register(pipe.source(), SelectionKey.OP_READ, member);
			}
			catch (IOException e) {
				throw new AssertionError(e);
			}
		});
	}

	private Pipe pipe() throws IOException {
		Pipe pipe = Pipe.open();
		pipe.source().configureBlocking(false);
		pipes.add(pipe);
		return pipe;
	}

	private boolean selecting() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter(entry -> entry.getKey().getName().equals(NAME))
			.flatMap(entry -> java.util.Arrays.stream(entry.getValue()))
			.anyMatch(
					frame -> frame.getMethodName().equals("select") && frame.getClassName().startsWith("sun.nio.ch."));
	}

}
