package dev.webserv.events;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs listeners that throw without flooding the log: the first failure with its stack
 * trace, then at most one line per interval counting the failures since the last line.
 */
final class ListenerFailures {

	private static final Logger LOG = Logger.getLogger(CompositeServerEvents.class.getName());

	private final long intervalNanos;

	private final AtomicBoolean traced = new AtomicBoolean();

	private final AtomicLong suppressed = new AtomicLong();

	private final AtomicLong nextLine = new AtomicLong();

	ListenerFailures(long intervalNanos) {
		this.intervalNanos = intervalNanos;
	}

	void failed(ServerEvents listener, String event, Throwable error) {
		String what = "server events listener " + listener.getClass().getName() + " threw from " + event;
		if (traced.compareAndSet(false, true)) {
			nextLine.set(System.nanoTime() + intervalNanos);
			LOG.log(Level.WARNING, what + " (later failures are counted, not traced)", error);
			return;
		}
		long count = suppressed.incrementAndGet();
		long now = System.nanoTime();
		long due = nextLine.get();
		if (now - due >= 0 && nextLine.compareAndSet(due, now + intervalNanos)) {
			suppressed.addAndGet(-count);
			LOG.warning(what + ": " + error + " (" + count + " listener failures since the last report)");
		}
	}

}
