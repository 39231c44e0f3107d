package dev.webserv.connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.webserv.eventloop.EventLoop;

/**
 * Moves an exchange's calls onto its connection's loop: run at once on the loop thread,
 * else queued to the loop in order. The calls waiting for the loop are bounded: a
 * producer past the bound (one that does not wait for its futures) has the call refused
 * and its exchange aborted, so no thread can grow the loop's queue without limit.
 */
final class Hops {

	/** Calls of one exchange that may wait for the loop at once. */
	static final int MAX_WAITING = 1024;

	private final EventLoop loop;

	private final Exchange.Owner owner;

	private final Consumer<Throwable> overrun;

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicBoolean overrunTold = new AtomicBoolean();

	/**
	 * @param overrun told on the loop, once, when a call was refused
	 */
	Hops(EventLoop loop, Exchange.Owner owner, Consumer<Throwable> overrun) {
		this.loop = loop;
		this.owner = owner;
		this.overrun = overrun;
	}

	/**
	 * Runs {@code task} on the loop: now when called there, else soon.
	 * @return false when it will never run (too many calls waiting, or the loop is gone)
	 */
	boolean run(Runnable task) {
		if (loop.inLoop()) {
			task.run();
			return true;
		}
		if (waiting.incrementAndGet() > MAX_WAITING) {
			waiting.decrementAndGet();
			RejectedExecutionException refused = new RejectedExecutionException(
					"more than " + MAX_WAITING + " calls of one exchange wait for its event loop");
			if (overrunTold.compareAndSet(false, true)) {
				queue(() -> overrun.accept(refused));
			}
			return false;
		}
		return queue(() -> {
			waiting.decrementAndGet();
			task.run();
		});
	}

	/**
	 * Runs {@code step} on the loop with a future for it to complete; the future fails at
	 * once when the call is refused.
	 */
	CompletableFuture<Void> call(Consumer<CompletableFuture<Void>> step) {
		CompletableFuture<Void> result = new CompletableFuture<>();
		if (!run(() -> step.accept(result))) {
			result.completeExceptionally(new RejectedExecutionException("the exchange's event loop refused the call"));
		}
		return result;
	}

	private boolean queue(Runnable task) {
		try {
			loop.execute(() -> owner.run(task));
			return true;
		}
		catch (RejectedExecutionException loopGone) {
			return false;
		}
	}

}
