package dev.webserv.robustness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: the suite waits for conditions, never for a fixed time. */
final class Await {

	private Await() {
	}

	/**
	 * Polls every 10 ms until the condition holds; fails with the description when the
	 * deadline passes.
	 */
	static void until(Duration deadline, String description, BooleanSupplier condition) {
		long end = System.nanoTime() + deadline.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - end > 0) {
				throw new AssertionError("not within " + deadline + ": " + description);
			}
			pause();
		}
	}

	/** Like {@link #until}, naming the last value seen when it fails. */
	static <T> void until(Duration deadline, String description, Supplier<T> value,
			java.util.function.Predicate<T> accepted) {
		long end = System.nanoTime() + deadline.toNanos();
		T last;
		while (!accepted.test(last = value.get())) {
			if (System.nanoTime() - end > 0) {
				throw new AssertionError("not within " + deadline + ": " + description + " (last seen: " + last + ")");
			}
			pause();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}

}
