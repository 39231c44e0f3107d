package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.Await;

/**
 * The loop's deadline schedule (members that rest until a time they name, and are swept
 * again when served or watched) and its bounded task queue, over real pipes.
 */
class EventLoopScheduleTest {

	private static final Duration SWEEP = Duration.ofMillis(10);

	private EventLoop loop;

	private final List<Pipe> pipes = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() throws IOException {
		if (loop != null) {
			loop.stop(5000);
		}
		for (Pipe pipe : pipes) {
			pipe.sink().close();
			pipe.source().close();
		}
	}

	@Test
	void aRestingMemberIsNotCheckedUntilItsTimeWhileSweptOnesAre() throws Exception {
		start(EventLoop.DEFAULT_MAX_TASKS);
		long restNanos = TimeUnit.MILLISECONDS.toNanos(400);
		Resting resting = new Resting(restNanos);
		Counting swept = new Counting();
		loop.execute(() -> {
			register(pipe(), resting);
			register(pipe(), swept);
		});

		Await.until("the resting member checked once", () -> resting.checks.get() >= 1);
		int sweptBefore = swept.checks.get();
		Await.until("ten more sweeps", () -> swept.checks.get() >= sweptBefore + 10);
		Await.until("the resting member checked again once its time came", () -> resting.checks.get() >= 2);

		assertThat(resting.checkedAt.get(1) - resting.checkedAt.get(0)).isGreaterThanOrEqualTo(restNanos);
	}

	@Test
	void aRestingMemberThatIsServedIsSweptAgain() throws Exception {
		start(EventLoop.DEFAULT_MAX_TASKS);
		Resting resting = new Resting(TimeUnit.SECONDS.toNanos(60));
		Pipe pipe = pipe();
		loop.execute(() -> register(pipe, resting));
		Await.until("the member rests", () -> resting.checks.get() == 1);
		resting.restAgain = false;

		pipe.sink().write(ByteBuffer.wrap(new byte[] { 1 }));

		Await.until("checked at the sweeps after it was served, not in 60 s", () -> resting.checks.get() >= 3);
	}

	@Test
	void aRestingMemberThatIsWatchedIsSweptAgain() throws Exception {
		start(EventLoop.DEFAULT_MAX_TASKS);
		Resting resting = new Resting(TimeUnit.SECONDS.toNanos(60));
		loop.execute(() -> register(pipe(), resting));
		Await.until("the member rests", () -> resting.checks.get() == 1);
		resting.restAgain = false;

		loop.execute(() -> loop.watch(resting));

		Await.until("checked at the sweeps after it was watched", () -> resting.checks.get() >= 3);
	}

	@Test
	void restingMembersComeDueInTheOrderOfTheirTimesWhateverTheOrderTheyRested() throws Exception {
		start(EventLoop.DEFAULT_MAX_TASKS);
		List<Integer> order = new CopyOnWriteArrayList<>();
		long base = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		int[] offsets = { 5, 1, 4, 2, 3 };
		for (int offset : offsets) {
			Counting member = new Counting() {
				@Override
				public void checkTimeouts(long nanoNow) {
					if (checks.getAndIncrement() == 0) {
						loop.rest(this, base + TimeUnit.MILLISECONDS.toNanos(100L * offset));
					}
					else if (checks.get() == 2) {
						order.add(offset);
					}
				}
			};
			loop.execute(() -> register(pipe(), member));
		}

		Await.until("all five due", () -> order.size() == 5);

		assertThat(order).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void refusesTasksPastItsBoundWithoutBlockingAndStillTakesControlWork() throws Exception {
		start(8);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch holding = new CountDownLatch(1);
		loop.execute(() -> {
			holding.countDown();
			await(held);
		});
		assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 8; i++) {
			loop.execute(ran::incrementAndGet);
		}

		long start = System.nanoTime();
		assertThatThrownBy(() -> loop.execute(ran::incrementAndGet)).isInstanceOf(RejectedExecutionException.class)
			.hasMessageContaining("already holds 8 tasks");
		assertThat(System.nanoTime() - start).as("refused at once").isLessThan(TimeUnit.SECONDS.toNanos(1));
		AtomicInteger control = new AtomicInteger();
		loop.executeControl(control::incrementAndGet);
		held.countDown();

		Await.until("the eight taken and the control task run", () -> ran.get() == 8 && control.get() == 1);
		loop.execute(ran::incrementAndGet);
		Await.until("room again once they ran", () -> ran.get() == 9);
	}

	private void start(int maxTasks) {
		loop = new EventLoop("schedule-test", SWEEP, maxTasks);
		loop.start();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private Pipe pipe() {
		try {
			Pipe pipe = Pipe.open();
			pipe.source().configureBlocking(false);
			pipes.add(pipe);
			return pipe;
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	private void register(Pipe pipe, EventLoop.Member member) {
		try {
			loop.register(pipe.source(), SelectionKey.OP_READ, member);
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	/** Counts its checks; reads what is ready so that it is not served again. */
	private static class Counting implements EventLoop.Member {

		final AtomicInteger checks = new AtomicInteger();

		@Override
		public void ready(SelectionKey key) throws IOException {
			((Pipe.SourceChannel) key.channel()).read(ByteBuffer.allocate(16));
		}

		@Override
		public void checkTimeouts(long nanoNow) {
			checks.incrementAndGet();
		}

		@Override
		public void close() {
		}

	}

	/** Rests for a fixed time at each check, as an idle connection does. */
	private final class Resting extends Counting {

		final List<Long> checkedAt = new CopyOnWriteArrayList<>();

		final long restNanos;

		volatile boolean restAgain = true;

		Resting(long restNanos) {
			this.restNanos = restNanos;
		}

		@Override
		public void checkTimeouts(long nanoNow) {
			checkedAt.add(nanoNow);
			checks.incrementAndGet();
			if (restAgain) {
				loop.rest(this, nanoNow + restNanos);
			}
		}

	}

}
