package dev.webserv.eventloop;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks handed to a loop, at most {@code max} of them waiting; control tasks (a
 * drain, closing listeners: a few per server's life) are taken past the bound, so a close
 * is never refused. Offered from any thread, taken on the loop's.
 */
final class TaskQueue {

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final int max;

	TaskQueue(int max) {
		if (max < 1) {
			throw new IllegalArgumentException("the task bound must be positive: " + max);
		}
		this.max = max;
	}

	int max() {
		return max;
	}

	/** Adds the task unless {@code max} wait already (control tasks always). */
	boolean offer(Runnable task, boolean control) {
		if (size.incrementAndGet() > max && !control) {
			size.decrementAndGet();
			return false;
		}
		tasks.add(task);
		return true;
	}

	/** Takes back a task not run yet; false when it was taken already. */
	boolean withdraw(Runnable task) {
		if (tasks.remove(task)) {
			size.decrementAndGet();
			return true;
		}
		return false;
	}

	Runnable poll() {
		Runnable task = tasks.poll();
		if (task != null) {
			size.decrementAndGet();
		}
		return task;
	}

	/** The tasks waiting, about: a task being offered may count already. */
	int size() {
		return Math.max(0, size.get());
	}

	boolean isEmpty() {
		return tasks.isEmpty();
	}

}
