package dev.webserv.connection;

import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ReclaimReason;
import dev.webserv.listener.Listener;

/**
 * One accepted socket waiting, past max-connections, for a connection to be closed to
 * make room for it ({@code limits.reclaim-at-limit}).
 *
 * <p>
 * The hand-off: {@link Admission} takes a slot past the limit for the socket on the
 * acceptor's loop; then this runs as a task on one event loop after another. It first
 * visits every loop once to find, among that loop's connections, the longest idle
 * keep-alive one and the first head sending the fewest bytes per second since it opened
 * (once open a second); then it goes to the loop holding the longest idle one of all and
 * reclaims there, or, with none idle anywhere, to the loop holding the slowest first
 * head. At most loops + 2 visits. On each loop it judges and closes only that loop's own
 * connections, on that loop's thread, where no state of theirs can change under it; what
 * a client sent meanwhile is read before it is judged (see {@link Reclaimable#reclaim}),
 * so a connection that just became busy is left alone and the next candidate tried. The
 * socket then becomes a connection on the loop that made room, in the slot taken for it
 * (the reclaimed one released its slot on the same thread just before, so the count is
 * back at the limit). If no connection could be reclaimed, the socket gets 503 with
 * Retry-After and its slot is released. {@link Admission} bounds how many wait at once.
 */
final class Reclaim implements Runnable {

	/**
	 * A first head younger than this is never reclaimed: its client may just be slow to
	 * start.
	 */
	private static final long HEAD_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Candidates tried per visit; each one that fails has just become busy. */
	private static final int TRIES_PER_VISIT = 4;

	private final Admission admission;

	private final SocketChannel channel;

	private final Listener listener;

	private final Runnable firstHeadOver;

	private final EventLoop[] loops;

	private final int start;

	/** Visits made so far; the first loops.length survey. */
	private int visit;

	/** The loop the next visit goes to. */
	private int target;

	/** What the next visit reclaims; null while surveying. */
	private ReclaimReason reclaiming;

	/** The survey's findings, copied on the loops that own them. */
	private long oldestIdleSince;

	private int oldestIdleLoop = -1;

	private long slowestHeadBytes;

	private long slowestHeadOpenedAt;

	private int slowestHeadLoop = -1;

	Reclaim(Admission admission, SocketChannel channel, Listener listener, Runnable firstHeadOver, EventLoop[] loops,
			int start) {
		this.admission = admission;
		this.channel = channel;
		this.listener = listener;
		this.firstHeadOver = firstHeadOver;
		this.loops = loops;
		this.start = Math.floorMod(start, loops.length);
		this.target = this.start;
	}

	/** Hands it to the first loop; on the acceptor's loop. */
	void begin() {
		hop();
	}

	/** On the target loop's thread. */
	@Override
	public void run() {
		EventLoop loop = loops[target];
		if (!loop.isAlive() || admission.closing()) {
			admission.refuse(channel, listener, firstHeadOver);
			return;
		}
		visit++;
		if (reclaiming == null) {
			survey(loop, target);
			if (visit < loops.length) {
				target = (start + visit) % loops.length;
				hop();
				return;
			}
			reclaiming = oldestIdleLoop >= 0 ? ReclaimReason.IDLE : ReclaimReason.SLOW_HEAD;
			target = oldestIdleLoop >= 0 ? oldestIdleLoop : slowestHeadLoop;
			if (target < 0) {
				admission.refuse(channel, listener, firstHeadOver);
			}
			else if (target == (start + visit - 1) % loops.length) {
				run(); // the last loop surveyed holds it: no hop needed
			}
			else {
				hop();
			}
			return;
		}
		if (reclaimOne(loop, reclaiming)) {
			admission.reclaimed(reclaiming, loop, channel, listener, firstHeadOver);
		}
		else if (reclaiming == ReclaimReason.IDLE && slowestHeadLoop >= 0) {
			reclaiming = ReclaimReason.SLOW_HEAD; // the idle ones all became busy
													// meanwhile
			target = slowestHeadLoop;
			hop();
		}
		else {
			admission.refuse(channel, listener, firstHeadOver);
		}
	}

	private void hop() {
		try {
			loops[target].execute(this);
		}
		catch (RejectedExecutionException dead) {
			admission.refuse(channel, listener, firstHeadOver);
		}
	}

	/**
	 * Notes the loop's best candidates of both kinds if better than those seen so far,
	 * copying what they are compared by (so no loop reads another's connections).
	 */
	private void survey(EventLoop loop, int index) {
		long now = System.nanoTime();
		Reclaimable idle = best(loop, ReclaimReason.IDLE, now);
		if (idle != null && (oldestIdleLoop < 0 || idle.stateSince() - oldestIdleSince < 0)) {
			oldestIdleSince = idle.stateSince();
			oldestIdleLoop = index;
		}
		Reclaimable head = best(loop, ReclaimReason.SLOW_HEAD, now);
		if (head != null && (slowestHeadLoop < 0
				|| slower(head.bytesReceived(), head.openedAt(), slowestHeadBytes, slowestHeadOpenedAt, now))) {
			slowestHeadBytes = head.bytesReceived();
			slowestHeadOpenedAt = head.openedAt();
			slowestHeadLoop = index;
		}
	}

	private static boolean reclaimOne(EventLoop loop, ReclaimReason reason) {
		for (int tried = 0; tried < TRIES_PER_VISIT; tried++) {
			Reclaimable victim = best(loop, reason, System.nanoTime());
			if (victim == null) {
				return false;
			}
			if (victim.reclaim(reason)) {
				return true;
			}
		}
		return false;
	}

	/** The loop's best candidate for the reason, or null. Loop thread only. */
	private static Reclaimable best(EventLoop loop, ReclaimReason reason, long now) {
		Reclaimable best = null;
		for (EventLoop.Member member : loop.members()) {
			if (member instanceof Connection connection && connection.reclaiming().reason() == reason
					&& (reason == ReclaimReason.IDLE || now - connection.reclaiming().openedAt() >= HEAD_GRACE_NANOS)
					&& (best == null || before(connection.reclaiming(), best, reason, now))) {
				best = connection.reclaiming();
			}
		}
		return best;
	}

	/** Whether {@code a} goes before {@code b}, both of this loop. */
	private static boolean before(Reclaimable a, Reclaimable b, ReclaimReason reason, long now) {
		if (reason == ReclaimReason.IDLE) {
			return a.stateSince() - b.stateSince() < 0;
		}
		return slower(a.bytesReceived(), a.openedAt(), b.bytesReceived(), b.openedAt(), now);
	}

	/**
	 * Whether a head has sent fewer bytes per second since it opened than another (the
	 * older on a tie), compared without dividing.
	 */
	private static boolean slower(long bytesA, long openedA, long bytesB, long openedB, long now) {
		double rateA = (double) bytesA * (now - openedB);
		double rateB = (double) bytesB * (now - openedA);
		return rateA < rateB || rateA == rateB && openedA - openedB < 0;
	}

}
