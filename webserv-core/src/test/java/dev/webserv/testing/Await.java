package dev.webserv.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling with a deadline, the one helper for it: tests wait for conditions, never for a
 * fixed time, and fail naming what they waited for.
 */
public final class Await {

	/** The deadline when a test names none: long enough for a loaded CI machine. */
	public static final Duration DEFAULT = Duration.ofSeconds(10);

	private Await() {
	}

	/**
	 * Polls every 10 ms until the condition holds; fails with the description when the
	 * deadline passes.
	 */
	public static void until(Duration deadline, String description, BooleanSupplier condition) {
		long end = System.nanoTime() + deadline.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - end > 0) {
				throw new AssertionError("not within " + deadline + ": " + description);
			}
			pause();
		}
	}

	/** Like {@link #until}, naming the last value seen when it fails. */
	public static <T> void until(Duration deadline, String description, Supplier<T> value,
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

	/**
	 * {@link #until(Duration, String, BooleanSupplier)} with the {@link #DEFAULT}
	 * deadline.
	 */
	public static void until(String description, BooleanSupplier condition) {
		until(DEFAULT, description, condition);
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

	/**
	 * Polls until {@code value} is positive and has not changed for {@code quiet} (a
	 * writer blocked, say); its value then.
	 */
	public static long stable(java.util.concurrent.atomic.AtomicLong value, Duration quiet) {
		long[] last = { -1, System.nanoTime() };
		until(Duration.ofSeconds(20), "the value settles", () -> {
			long now = value.get();
			if (now != last[0]) {
				last[0] = now;
				last[1] = System.nanoTime();
				return false;
			}
			return now > 0 && System.nanoTime() - last[1] > quiet.toNanos();
		});
		return value.get();
	}

}
