package dev.webserv.connection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import dev.webserv.events.ReclaimReason;

/**
 * Logs a stay at max-connections once: a line when the first connection past the limit
 * comes, and a summary (connections reclaimed, by reason, and refused) when one is next
 * let in under the limit with none past it for ten seconds. Safe from any thread.
 */
final class LimitEpisode {

	private static final Logger LOG = Logger.getLogger(LimitEpisode.class.getName());

	private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final int maxConnections;

	private final AtomicBoolean open = new AtomicBoolean();

	private final AtomicLong idle = new AtomicLong();

	private final AtomicLong slowHeads = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private volatile long startedAt;

	private volatile long lastAtLimit;

	LimitEpisode(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/** A connection came past the limit. */
	void atLimit() {
		long now = System.nanoTime();
		lastAtLimit = now;
		if (open.compareAndSet(false, true)) {
			startedAt = now;
			LOG.info("max-connections (" + maxConnections + ") reached: closing idle keep-alive connections, then "
					+ "the slowest first request heads, to make room; refusing with 503 when none can be closed");
		}
	}

	void reclaimed(ReclaimReason reason) {
		(reason == ReclaimReason.IDLE ? idle : slowHeads).incrementAndGet();
	}

	void refused() {
		refused.incrementAndGet();
	}

	/** A connection was let in under the limit: the episode ends if it has been quiet. */
	void underLimit() {
		if (!open.get()) {
			return;
		}
		long now = System.nanoTime();
		if (now - lastAtLimit > QUIET_NANOS && open.compareAndSet(true, false)) {
			LOG.info("max-connections episode over after " + TimeUnit.NANOSECONDS.toSeconds(lastAtLimit - startedAt)
					+ " s: reclaimed " + idle.getAndSet(0) + " idle and " + slowHeads.getAndSet(0)
					+ " slow-head connections, refused " + refused.getAndSet(0));
		}
	}

}
