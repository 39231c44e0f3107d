package dev.webserv.connection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * The deadlines of one connection, one per state, all measuring progress:
 * <ul>
 * <li>IDLE: {@code idle} from when the last response was completely written;</li>
 * <li>HEAD: {@code header} from the first byte of the head (slowloris);</li>
 * <li>BODY: {@code body} between two reads, and {@code minBodyRate}, both over the time
 * the server was reading: while it pauses (its spill file backlogged, its output to the
 * client backed up) the client is not judged; a pause of the server's own longer than
 * {@code body} is judged as SPOOLING, one for output by the write deadlines;</li>
 * <li>SPOOLING: {@code body} for the body to reach its temporary file;</li>
 * <li>HANDLING: the handler's timeout;</li>
 * <li>any state with output pending: {@code write} without a byte taken by the client
 * (nginx's send_timeout), and {@code minWriteRate} averaged from the start of the sending
 * (Jetty's minimum data rate); while a stream body's source is being read, the handler
 * timeout without a byte from it;</li>
 * <li>LINGERING: two seconds.</li>
 * </ul>
 * The kernel wakes a writer only once a good part of a large send buffer has drained, so
 * a steady reader may go long without OP_WRITE: {@link #shouldProbe} asks the connection
 * to try a write before the write deadline is judged. Loop thread only.
 */
final class Deadlines {

	/**
	 * A deadline that passed: the event to report, and the status to answer (0 = close).
	 */
	enum Expired {

		IDLE(TimeoutPhase.IDLE, 0), HEADER(TimeoutPhase.HEADER, 408), BODY(TimeoutPhase.BODY, 408),
		SPOOLING(TimeoutPhase.BODY, 503), HANDLER(TimeoutPhase.HANDLER, 503), SOURCE(TimeoutPhase.HANDLER, 0),
		WRITE(TimeoutPhase.WRITE, 0), LINGER(null, 0);

		final TimeoutPhase phase;

		final int status;

		Expired(TimeoutPhase phase, int status) {
			this.phase = phase;
			this.status = status;
		}

		/** Why a connection closed for this: null when no one is to blame (lingering). */
		Throwable cause() {
			return switch (this) {
				case LINGER -> null;
				case SOURCE -> new Output.SourceException("the stream body's source stalled", null);
				default -> new TimeoutException(this + " timeout");
			};
		}

	}

	private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long PROBE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final Timeouts timeouts;

	private long stateSince;

	private long lastRead;

	private long handlerNanos;

	private long flushedAt;

	private long sendingSince = -1;

	private long writtenAtStart;

	private long lastProgress;

	private boolean waitingForSource;

	/**
	 * In BODY: since when the server has not been reading the body, -1 while it reads.
	 */
	private long bodyPausedSince = -1;

	/** In BODY: the time the server did not read, which the body rate leaves out. */
	private long bodyPausedNanos;

	/**
	 * Told when a deadline nearer than the idle one begins while the connection rests.
	 */
	private DeadlineCheck resting;

	Deadlines(Timeouts timeouts, long now) {
		this.timeouts = timeouts;
		this.stateSince = now;
		this.flushedAt = now;
	}

	void entered(State state, long now) {
		stateSince = now;
		if (state == State.BODY) {
			lastRead = now; // the body's clock starts with its head
			bodyPausedSince = -1;
			bodyPausedNanos = 0;
		}
		if (state != State.IDLE) {
			wake();
		}
	}

	/**
	 * Whether the one deadline running is the idle one (nothing is being sent), so the
	 * connection may rest until {@link #idleDue()}.
	 */
	boolean onlyIdle(State state) {
		return state == State.IDLE && sendingSince < 0;
	}

	/** When the idle deadline passes, if nothing moves before. */
	long idleDue() {
		return Math.max(stateSince, flushedAt) + timeouts.idle().toNanos() + 1;
	}

	/** The connection rests: {@code check} is told when a nearer deadline begins. */
	void resting(DeadlineCheck check) {
		resting = check;
	}

	private void wake() {
		DeadlineCheck check = resting;
		if (check != null) {
			resting = null;
			check.wake();
		}
	}

	long stateSince() {
		return stateSince;
	}

	void read(long now) {
		lastRead = now;
	}

	/**
	 * In BODY: whether the connection reads now; time it does not is the server's, not
	 * the client's.
	 */
	void reading(boolean reading, long now) {
		if (reading && bodyPausedSince >= 0) {
			long paused = now - bodyPausedSince;
			bodyPausedNanos += paused;
			if (lastRead <= bodyPausedSince) {
				lastRead += paused; // the gap between two reads leaves the pause out
			}
			bodyPausedSince = -1;
		}
		else if (!reading && bodyPausedSince < 0) {
			bodyPausedSince = now;
		}
	}

	/** A blocking handler starts: it may run this long. */
	void handler(long nanos) {
		handlerNanos = nanos;
	}

	/**
	 * A flush ended.
	 * @param before the output's total written before it
	 * @param after the total after it
	 */
	void flushed(Progress progress, long before, long after, boolean outputEmpty, long now) {
		if (outputEmpty) {
			// idle from the last byte sent: a flush that wrote nothing moves nothing
			if (after != before || sendingSince >= 0) {
				flushedAt = now;
			}
			sendingSince = -1;
			return;
		}
		if (sendingSince < 0) {
			wake();
			sendingSince = now;
			writtenAtStart = before;
			lastProgress = now;
		}
		if (after != before) {
			lastProgress = now;
		}
		waitingForSource = progress == Progress.WAITING;
	}

	/**
	 * Whether output has waited on a full socket long enough that a write should be tried
	 * before OP_WRITE comes: the client may have been reading all along.
	 */
	boolean shouldProbe(long now) {
		return sendingSince >= 0 && !waitingForSource && now - lastProgress > PROBE_AFTER_NANOS;
	}

	/**
	 * The deadline that has passed at {@code now}, or null.
	 * @param received the request body bytes received so far (in BODY)
	 * @param totalWritten the output's total written
	 */
	Expired expired(State state, long now, long received, long totalWritten) {
		long inState = now - stateSince;
		switch (state) {
			case IDLE -> {
				if (sendingSince < 0 && now - Math.max(stateSince, flushedAt) > timeouts.idle().toNanos()) {
					return Expired.IDLE;
				}
			}
			case HEAD -> {
				if (inState > timeouts.header().toNanos()) {
					return Expired.HEADER;
				}
			}
			case BODY -> {
				Expired body = bodyExpired(now, inState, received);
				if (body != null) {
					return body;
				}
			}
			case SPOOLING -> {
				if (inState > timeouts.body().toNanos()) {
					return Expired.SPOOLING;
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
		return sendingExpired(now, totalWritten);
	}

	private Expired bodyExpired(long now, long inState, long received) {
		long body = timeouts.body().toNanos();
		if (bodyPausedSince >= 0) {
			// paused for output, the write deadlines judge; else for the disk, as
			// SPOOLING
			return sendingSince < 0 && now - bodyPausedSince > body ? Expired.SPOOLING : null;
		}
		if (now - lastRead > body || tooSlow(inState - bodyPausedNanos, received, timeouts.minBodyRate())) {
			return Expired.BODY;
		}
		return null;
	}

	private Expired sendingExpired(long now, long totalWritten) {
		if (sendingSince < 0) {
			return null;
		}
		if (waitingForSource) {
			return now - lastProgress > timeouts.handler().toNanos() ? Expired.SOURCE : null;
		}
		if (now - lastProgress > timeouts.write().toNanos()
				|| tooSlow(now - sendingSince, totalWritten - writtenAtStart, timeouts.minWriteRate())) {
			return Expired.WRITE;
		}
		return null;
	}

	static boolean tooSlow(long elapsedNanos, long bytes, long minRate) {
		return minRate > 0 && elapsedNanos > RATE_GRACE_NANOS && bytes * 1_000_000_000.0 / elapsedNanos < minRate;
	}

}
