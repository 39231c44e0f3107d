package dev.webserv.connection;

import dev.webserv.config.Timeouts;

/**
 * The deadlines of a streaming exchange, all measuring progress: while its body is
 * demanded, {@code body} between two reads and {@code min-body-rate} over the time demand
 * was outstanding (a subscriber that takes its time is not the client's fault); before
 * the commit, the handler timeout without progress (a body buffer, demand, a call of the
 * handler's, bytes reaching the socket); after it, the idle timeout. While output waits
 * for the client, the connection's write deadlines judge instead. Loop thread only.
 */
final class StreamClock {

	private final Timeouts timeouts;

	private long lastProgress;

	private long lastSample;

	private boolean demanding;

	private long demandedNanos;

	StreamClock(Timeouts timeouts, long now) {
		this.timeouts = timeouts;
		this.lastProgress = now;
		this.lastSample = now;
	}

	/** The exchange moved; {@code demanding} says whether the body is wanted now. */
	void progress(long now, boolean demanding) {
		lastProgress = now;
		sample(now, demanding);
	}

	private void sample(long now, boolean demanding) {
		if (this.demanding) {
			demandedNanos += now - lastSample;
		}
		lastSample = now;
		this.demanding = demanding;
	}

	/**
	 * The deadline passed at {@code now}, or null.
	 * @param received the body bytes received so far
	 */
	Deadlines.Expired expired(long now, boolean demanding, long received, boolean committed, boolean sending) {
		sample(now, demanding);
		long quiet = now - lastProgress;
		if (demanding && (quiet > timeouts.body().toNanos()
				|| Deadlines.tooSlow(demandedNanos, received, timeouts.minBodyRate()))) {
			return Deadlines.Expired.BODY;
		}
		if (sending) {
			return null;
		}
		long allowed = (committed ? timeouts.idle() : timeouts.handler()).toNanos();
		return quiet > allowed ? Deadlines.Expired.HANDLER : null;
	}

}
