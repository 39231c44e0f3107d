package dev.webserv.connection;

import java.util.concurrent.TimeUnit;

import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;

/**
 * The deadline bookkeeping of one connection: when it entered its state, when it last
 * read, how its writes progress. {@link #expired} says which deadline, if any, has
 * passed. Loop thread only.
 */
final class Deadlines {

	/**
	 * A deadline that passed: the event to report, and the status to answer (0 = close).
	 */
	enum Expired {

		IDLE(TimeoutPhase.IDLE, 0), HEADER(TimeoutPhase.HEADER, 408), BODY(TimeoutPhase.BODY, 408),
		HANDLER(TimeoutPhase.HANDLER, 503), WRITE(TimeoutPhase.WRITE, 0), LINGER(null, 0);

		final TimeoutPhase phase;

		final int status;

		Expired(TimeoutPhase phase, int status) {
			this.phase = phase;
			this.status = status;
		}

	}

	private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Timeouts timeouts;

	private long stateSince;

	private long lastRead;

	private long handlerNanos;

	private long writeBlockedSince = -1;

	private long lastWriteProgress;

	private long writtenWhenBlocked;

	Deadlines(Timeouts timeouts, long now) {
		this.timeouts = timeouts;
		this.stateSince = now;
	}

	void entered(long now) {
		stateSince = now;
	}

	long stateSince() {
		return stateSince;
	}

	void read(long now) {
		lastRead = now;
	}

	/** A blocking handler starts: it may run this long. */
	void handler(long nanos) {
		handlerNanos = nanos;
	}

	/**
	 * A flush ended: whether the socket blocked, and the output's total written after it.
	 */
	void flushed(boolean blocked, boolean progressed, long totalWritten, long now) {
		if (progressed) {
			lastWriteProgress = now;
		}
		if (blocked && writeBlockedSince < 0) {
			writeBlockedSince = now;
			writtenWhenBlocked = totalWritten;
			lastWriteProgress = now;
		}
		else if (!blocked) {
			writeBlockedSince = -1;
		}
	}

	/**
	 * The deadline of {@code state} that has passed at {@code now}, or null.
	 * @param received the request body bytes received so far (in BODY)
	 * @param totalWritten the output's total written
	 * @param outputEmpty whether nothing waits to be sent
	 */
	Expired expired(State state, long now, long received, long totalWritten, boolean outputEmpty) {
		long inState = now - stateSince;
		switch (state) {
			case IDLE -> {
				if (outputEmpty && inState > timeouts.idle().toNanos()) {
					return Expired.IDLE;
				}
			}
			case HEAD -> {
				if (inState > timeouts.header().toNanos()) {
					return Expired.HEADER;
				}
			}
			case BODY -> {
				if (now - lastRead > timeouts.body().toNanos() || tooSlow(inState, received, timeouts.minBodyRate())) {
					return Expired.BODY;
				}
			}
			case HANDLING -> {
				if (inState > handlerNanos) {
					return Expired.HANDLER;
				}
			}
			case LINGERING -> {
				if (inState > LINGER_NANOS) {
					return Expired.LINGER;
				}
			}
			default -> {
			}
		}
		if (writeBlockedSince >= 0 && (now - lastWriteProgress > timeouts.write().toNanos()
				|| tooSlow(now - writeBlockedSince, totalWritten - writtenWhenBlocked, timeouts.minWriteRate()))) {
			return Expired.WRITE;
		}
		return null;
	}

	private static boolean tooSlow(long elapsedNanos, long bytes, long minRate) {
		return minRate > 0 && elapsedNanos > RATE_GRACE_NANOS && bytes * 1_000_000_000.0 / elapsedNanos < minRate;
	}

}
