package dev.webserv.access;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on one server's bcrypt checks, which take tens of milliseconds of CPU each on
 * purpose: at most one per core runs at once, and a few more (a browser's parallel
 * requests) wait their turn (until the handler timeout at most). A check past that is not
 * made: its request is refused with 503 and {@code Retry-After}, so a flood of wrong
 * passwords costs the machine at most its cores, never a queue that grows with the flood
 * or workers that other requests need. nginx runs the check on its event loop and stalls
 * every connection of that worker meanwhile.
 */
final class PasswordChecks {

	/** Checks waiting for a core, per core. */
	static final int WAITING_PER_CORE = 4;

	private final Semaphore cores;

	private final int concurrent;

	private final int maxWaiting;

	private final AtomicInteger waiting = new AtomicInteger();

	PasswordChecks(int concurrent) {
		this.cores = new Semaphore(concurrent, true);
		this.concurrent = concurrent;
		this.maxWaiting = concurrent * WAITING_PER_CORE;
	}

	/** The bound for this machine: one check per available core. */
	static PasswordChecks forThisMachine() {
		return new PasswordChecks(Math.max(1, Runtime.getRuntime().availableProcessors()));
	}

	/** Checks that may run or wait at once; past it, refused at once. */
	int capacity() {
		return concurrent + maxWaiting;
	}

	/**
	 * Takes a core for one check, waiting if others run; false when too many wait
	 * already. A true answer must be followed by {@link #release()}.
	 * @throws InterruptedException when the request is given up meanwhile
	 */
	boolean acquire() throws InterruptedException {
		if (cores.tryAcquire(0, TimeUnit.MILLISECONDS)) { // honours the waiters' turn
			return true;
		}
		if (waiting.incrementAndGet() > maxWaiting) {
			waiting.decrementAndGet();
			return false;
		}
		try {
			cores.acquire();
			return true;
		}
		finally {
			waiting.decrementAndGet();
		}
	}

	void release() {
		cores.release();
	}

}
