package dev.webserv.eventloop;

import java.util.concurrent.TimeUnit;

/**
 * An event loop's cached clock. The loop reads it once per wake-up, before it serves the
 * first key (and again before a batch of tasks, every {@value #KEYS_PER_READ} keys, and
 * before a sweep), and what runs on the loop takes the time from {@link #now} instead of
 * calling {@link System#nanoTime} itself: a request once cost five to eight clock reads,
 * up to 13% of the loop's time on the pipelined hello path. {@link #now} lags the true
 * time by the work the loop did since its last read: the keys served before in this
 * wake-up (at most {@value #KEYS_PER_READ} of them) and a handler run inline. A deadline
 * started from it starts that much early; durations that end within one wake-up take
 * {@link #freshNow}, which reads the clock again once a write ran ({@link #lapse}).
 * <p>
 * The loop's thread only: {@link EventLoop} reads the real clocks for other threads.
 */
final class LoopClock {

	/** Keys served on one clock read, at most: bounds how old {@link #now} gets. */
	static final int KEYS_PER_READ = 64;

	/** How often the wall clock is read again to turn {@link #now} into epoch millis. */
	private static final long WALL_CLOCK_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** {@link System#nanoTime()} as last read. */
	private long now = System.nanoTime();

	/** select() returned since the last read: the clock is read before anything runs. */
	private boolean slept;

	/** select() or a write ran since the last read: {@link #freshNow} reads again. */
	private boolean lapsed;

	/** Keys served since the last read. */
	private int keysSinceRead;

	/** When the wall clock was last read, in nanoTime, and what it said. */
	private long wallReadAt = Long.MIN_VALUE;

	private long wallMillis;

	/** The time as last read. */
	long now() {
		return now;
	}

	/** Reads the clock and makes it the loop's time. */
	long refresh() {
		slept = false;
		lapsed = false;
		keysSinceRead = 0;
		return now = System.nanoTime();
	}

	/** Work that takes time (a write) runs now: the next {@link #freshNow} reads. */
	void lapse() {
		lapsed = true;
	}

	/** The time, read again if select(), a write or a handler ran since the last read. */
	long freshNow() {
		return lapsed ? refresh() : now;
	}

	/** The loop is about to select: whatever is served next reads the clock first. */
	void sleeping() {
		slept = true;
		lapsed = true;
	}

	/**
	 * A key is about to be served: reads after a select, or every {@value #KEYS_PER_READ}
	 * keys.
	 */
	void serving() {
		if (slept || ++keysSinceRead >= KEYS_PER_READ) {
			refresh();
		}
	}

	/**
	 * Before a sweep due at {@code due}: reads when select() returned since the last read
	 * or when the sweep looks due, so that it runs on a fresh time.
	 */
	long beforeSweep(long due) {
		if (slept || now - due >= 0) {
			refresh();
		}
		return now;
	}

	/**
	 * The wall clock at {@link #now}, the wall clock being read again once a second, so a
	 * change of the system's time shows within a second.
	 */
	long epochMillis() {
		if (wallReadAt == Long.MIN_VALUE || now - wallReadAt >= WALL_CLOCK_NANOS) {
			// both clocks read together: now may lag (an inline handler), the pair does
			// not
			wallReadAt = System.nanoTime();
			wallMillis = System.currentTimeMillis();
		}
		return wallMillis + Math.floorDiv(now - wallReadAt, 1_000_000);
	}

}
