package dev.webserv.access;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The bound on one server's bcrypt checks, which take tens of milliseconds of CPU each on
 * purpose: they run on threads of their own, at most one per core at once, and a few more
 * (a browser's parallel requests) wait their turn (until the handler timeout at most). A
 * check past that is not made: its request is refused with 503 and {@code Retry-After},
 * so a flood of wrong passwords costs the machine at most its cores, never a queue that
 * grows with the flood or workers that other requests need. The checks' own threads keep
 * that true on virtual threads too, where a check run in the handler's thread would hold
 * a carrier (one of as many as there are cores) for its whole length and starve every
 * other blocking handler. nginx runs the check on its event loop and stalls every
 * connection of that worker meanwhile.
 */
final class PasswordChecks {

	/** Checks waiting for a core, per core. */
	static final int WAITING_PER_CORE = 4;

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final int concurrent;

	private final int maxWaiting;

	private final ThreadPoolExecutor threads;

	PasswordChecks(int concurrent) {
		this.concurrent = concurrent;
		this.maxWaiting = concurrent * WAITING_PER_CORE;
		this.threads = new ThreadPoolExecutor(concurrent, concurrent, 10, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(maxWaiting), PasswordChecks::thread);
		this.threads.allowCoreThreadTimeOut(true); // none kept while no one logs in
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
	 * Runs a check on the checks' threads and waits for its answer.
	 * @return its answer, or null when too many run and wait already (refused)
	 * @throws InterruptedException when the request is given up meanwhile (the check is
	 * cancelled)
	 */
	Boolean run(BooleanSupplier check) throws InterruptedException {
		Future<Boolean> answer;
		try {
			answer = threads.submit(check::getAsBoolean);
		}
		catch (RejectedExecutionException full) {
			return null;
		}
		try {
			return answer.get();
		}
		catch (InterruptedException e) {
			answer.cancel(true);
			throw e;
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
	}

	/** Ends the checks' threads: the server has stopped. */
	void stop() {
		threads.shutdownNow();
	}

	private static Thread thread(Runnable check) {
		Thread thread = new Thread(check, "webserv-password-check-" + THREADS.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

}
