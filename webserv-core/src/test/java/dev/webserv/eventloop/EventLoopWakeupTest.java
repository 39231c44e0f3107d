package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.Await;

/**
 * A wake-up runs only the tasks waiting when it began, plus at most 1,024 more: no task
 * is left behind a select with nothing to wake it. With no member the loop sleeps in
 * select() for ever, so a task that missed its wake-up would never run: every task here
 * must run within a bound, while other threads flood the loop and tasks hand tasks back
 * past the budget.
 */
class EventLoopWakeupTest {

	/** far above a scheduling hiccup on a busy machine, far below a lost wake-up */
	private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

	private final EventLoop loop = new EventLoop("wakeup-test", Duration.ofSeconds(1), 1 << 20);

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong worst = new AtomicLong();

	@AfterEach
	void stop() {
		running.set(false);
		loop.stop(5000);
	}

	@Test
	void everyTaskRunsPromptlyWhileOthersFloodAndTasksHandTasksBack() throws Exception {
		loop.start();
		Semaphore outstanding = new Semaphore(2_000);
		Thread[] flooders = new Thread[2];
		for (int t = 0; t < flooders.length; t++) {
			flooders[t] = new Thread(() -> {
				int n = 0;
				while (running.get()) {
					if (!outstanding.tryAcquire()) {
						Thread.onSpinWait();
						continue;
					}
					long queued = System.nanoTime();
					// every 500th task hands 1,500 back from the loop (past the budget)
					boolean fan = ++n % 500 == 0;
					try {
						loop.execute(() -> {
							timed(queued);
							outstanding.release();
							if (fan) {
								for (int i = 0; i < 1500; i++) {
									long again = System.nanoTime();
									loop.execute(() -> timed(again));
								}
							}
						});
					}
					catch (RejectedExecutionException full) {
						outstanding.release();
					}
				}
			}, "flooder-" + t);
			flooders[t].start();
		}
		try {
			// one task at a time, each waited for: the hand-off races the loop's own
			// clearing of its wake-up flag at every turn
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
			int pings = 0;
			while (System.nanoTime() < until) {
				CountDownLatch ran = new CountDownLatch(1);
				long queued = System.nanoTime();
				loop.execute(() -> {
					timed(queued);
					ran.countDown();
				});
				assertThat(ran.await(BOUND_NANOS, TimeUnit.NANOSECONDS)).as("ping %d ran", pings).isTrue();
				pings++;
			}
			assertThat(pings).as("pings answered behind the flood").isGreaterThan(10);
		}
		finally {
			running.set(false);
			for (Thread flooder : flooders) {
				flooder.join(5000);
			}
		}
		Await.until(Duration.ofSeconds(5), "every flooded task ran", () -> outstanding.availablePermits() == 2_000);
		// the loop idles now: a last pair from outside must still wake it
		CountDownLatch last = new CountDownLatch(2);
		loop.execute(last::countDown);
		loop.execute(last::countDown);
		assertThat(last.await(BOUND_NANOS, TimeUnit.NANOSECONDS)).isTrue();
		assertThat(TimeUnit.NANOSECONDS.toMillis(worst.get())).as("the longest wait of a task, ms")
			.isLessThan(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
	}

	@Test
	void aTaskHandedOneAtATimeToAnIdleLoopRunsAtOnce() throws Exception {
		loop.start();
		long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
		int pings = 0;
		while (System.nanoTime() < until) {
			CountDownLatch ran = new CountDownLatch(1);
			long queued = System.nanoTime();
			loop.execute(() -> {
				timed(queued);
				ran.countDown();
			});
			assertThat(ran.await(BOUND_NANOS, TimeUnit.NANOSECONDS)).as("ping %d ran", pings).isTrue();
			pings++;
		}
		assertThat(pings).isGreaterThan(1000);
		assertThat(TimeUnit.NANOSECONDS.toMillis(worst.get())).as("the longest wait of a task, ms")
			.isLessThan(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
	}

	private void timed(long queued) {
		long waited = System.nanoTime() - queued;
		worst.accumulateAndGet(waited, Math::max);
	}

}
