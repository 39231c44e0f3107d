package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.Await;

class EventLoopTest {

	private static final String NAME = "event-loop-test";

	private EventLoop loop;

	private final List<Pipe> pipes = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		loop = new EventLoop(NAME, Duration.ofMillis(10));
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
	void runsTasksHandedOverFromOtherThreadsOnItsThreadInOrder() {
		List<String> seen = new CopyOnWriteArrayList<>();

		for (int i = 0; i < 100; i++) {
			int n = i;
			loop.execute(() -> seen.add(n + " " + Thread.currentThread().getName() + " " + loop.inLoop()));
		}

		Await.until("100 tasks run", () -> seen.size() == 100);
		for (int i = 0; i < 100; i++) {
			assertThat(seen.get(i)).isEqualTo(i + " " + NAME + " true");
		}
		assertThat(loop.inLoop()).isFalse();
	}

	@Test
	void keepsRunningTasksAfterOneThrows() {
		AtomicBoolean after = new AtomicBoolean();

		loop.execute(() -> {
			throw new IllegalStateException("a failing task");
		});
		loop.execute(() -> after.set(true));

		Await.until("the task after the failing one", after::get);
	}

	@Test
	void wakesALoopAsleepInSelectForATask() {
		// no members: the loop sleeps in select() with no timeout, so only a wakeup runs
		// the task
		Await.until("the loop asleep in select", this::selecting);
		AtomicBoolean ran = new AtomicBoolean();

		loop.execute(() -> ran.set(true));

		Await.until("the task run", ran::get);
	}

	@Test
	void checksAMembersDeadlinesUntilItIsRemoved() throws Exception {
		AtomicLong lastCheck = new AtomicLong(Long.MIN_VALUE);
		AtomicInteger checks = new AtomicInteger();
		AtomicInteger otherChecks = new AtomicInteger();
		Recorder member = new Recorder() {
			@Override
			public void checkTimeouts(long nanoNow) {
				if (nanoNow - lastCheck.get() < 0 && lastCheck.get() != Long.MIN_VALUE) {
					throw new AssertionError("time went back");
				}
				lastCheck.set(nanoNow);
				checks.incrementAndGet();
			}
		};
		Recorder other = new Recorder() {
			@Override
			public void checkTimeouts(long nanoNow) {
				otherChecks.incrementAndGet();
			}
		};
		Pipe first = pipe();
		loop.execute(() -> register(first, member));
		Await.until("five sweeps", () -> checks.get() >= 5);

		Pipe second = pipe();
		AtomicInteger afterRemoval = new AtomicInteger();
		loop.execute(() -> {
			loop.remove(member);
			afterRemoval.set(checks.get());
			register(second, other);
		});
		Await.until("five sweeps of the other member", () -> otherChecks.get() >= 5);

		assertThat(checks.get()).isEqualTo(afterRemoval.get());
	}

	@Test
	void letsAMemberCloseDuringTheSweepAndSweepsTheOthers() throws Exception {
		AtomicInteger otherChecks = new AtomicInteger();
		Recorder leaving = new Recorder() {
			@Override
			public void checkTimeouts(long nanoNow) {
				loop.remove(this); // a deadline passed: the member closes itself
				close();
			}
		};
		Recorder staying = new Recorder() {
			@Override
			public void checkTimeouts(long nanoNow) {
				otherChecks.incrementAndGet();
			}
		};
		Pipe first = pipe();
		Pipe second = pipe();
		loop.execute(() -> {
			register(first, leaving);
			register(second, staying);
		});

		Await.until("the leaving member closed", () -> leaving.closed.get() == 1);
		int before = otherChecks.get();
		Await.until("sweeps going on after it left", () -> otherChecks.get() > before + 2);
		assertThat(leaving.closed).hasValue(1);
	}

	@Test
	void servesAReadyChannelAndClosesAMemberThatThrows() throws Exception {
		Pipe pipe = pipe();
		Recorder failing = new Recorder() {
			@Override
			public void ready(SelectionKey key) throws IOException {
				readied.incrementAndGet();
				throw new IOException("a broken connection");
			}
		};
		loop.execute(() -> register(pipe, failing));

		pipe.sink().write(ByteBuffer.wrap(new byte[] { 1 }));

		Await.until("the member closed", () -> failing.closed.get() == 1);
		assertThat(failing.readied).hasValue(1);
		AtomicBoolean alive = new AtomicBoolean();
		loop.execute(() -> alive.set(true));
		Await.until("the loop still running", alive::get);
	}

	@Test
	void closesItsMembersAndEndsItsThreadOnStop() throws Exception {
		Recorder member = new Recorder();
		Pipe pipe = pipe();
		loop.execute(() -> register(pipe, member));
		Await.until("the member registered", () -> member.registered.get());

		loop.stop(5000);

		assertThat(member.closed.get()).isPositive();
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals(NAME));
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

	private Pipe pipe() throws IOException {
		Pipe pipe = Pipe.open();
		pipe.source().configureBlocking(false);
		pipes.add(pipe);
		return pipe;
	}

	private void register(Pipe pipe, Recorder member) {
		try {
			member.key = loop.register(pipe.source(), SelectionKey.OP_READ, member);
			member.registered.set(true);
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	/** A member that counts what the loop does to it, and closes as a connection does. */
	private static class Recorder implements EventLoop.Member {

		volatile SelectionKey key;

		final AtomicInteger readied = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		final AtomicBoolean registered = new AtomicBoolean();

		@Override
		public void ready(SelectionKey key) throws IOException {
			readied.incrementAndGet();
		}

		@Override
		public void close() {
			closed.incrementAndGet();
			if (key != null) {
				key.cancel();
			}
		}

	}

}
