package dev.webserv.tls;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLEngine;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.LoopLocal;

/**
 * Runs the engines' delegated tasks (key exchange, certificate checks: the CPU-heavy part
 * of a handshake). On the loop itself while they have taken less than {@link #BUDGET} of
 * its time in the current {@link #WINDOW} (as Netty does; the hop to another thread and
 * back cost more system time than the tasks' own work saved, about 0.4 ms a handshake),
 * so established connections keep at least the rest of the loop. The budget is counted
 * after a batch, and a batch runs user code (the key manager; the trust manager, which
 * may check revocation over the network), so one batch longer than {@link #SLOW} sends
 * every batch off the loop for a {@link #COOL_DOWN}, doubled at each such batch: a
 * blocking key manager stalls the loop once, not once a window. Past the budget, off the
 * event loop, on the server's I/O executor, at most {@link #RUNNING} at a time per loop
 * and {@link #WAITING} waiting, so a flood of ClientHellos cannot take every core or grow
 * a queue without end. Past that bound the handshake is refused. Loop thread only, but
 * for the tasks themselves.
 */
public final class HandshakeTasks {

	/** Task batches running at once per event loop: the machine's cores. */
	static final int RUNNING = Math.max(2, Runtime.getRuntime().availableProcessors());

	/** Task batches waiting per event loop before handshakes are refused. */
	static final int WAITING = 1024;

	/** The window the loop's budget for tasks is counted in. */
	static final long WINDOW = 100_000_000;

	/** The loop time tasks may take on the loop in a window. */
	static final long BUDGET = WINDOW / 2;

	/**
	 * A batch on the loop longer than this sends the next ones off it: a handshake's
	 * tasks take a few milliseconds of CPU, so one that takes the whole budget blocked
	 * (or the loop was starved of CPU so long that the hop costs nothing by comparison).
	 */
	static final long SLOW = BUDGET;

	/** How long batches stay off the loop after the first slow one. */
	static final long COOL_DOWN = 10_000_000_000L;

	/** The cool-down stops doubling here (an hour). */
	static final long LONGEST_COOL_DOWN = 3_600_000_000_000L;

	private static final LoopLocal<HandshakeTasks> PER_LOOP = new LoopLocal<>(HandshakeTasks::new);

	private record Batch(SSLEngine engine, Runnable done) {
	}

	private final ArrayDeque<Batch> waiting = new ArrayDeque<>();

	private int running;

	/**
	 * Where the current window began (System.nanoTime may be negative: never compared
	 * with 0).
	 */
	private long windowStart = System.nanoTime() - WINDOW;

	private long spent;

	/** While positive, batches stay off the loop until {@link #offUntil}. */
	private long coolDown;

	private long offUntil;

	private HandshakeTasks() {
	}

	/** The loop's tasks. Call on the loop's thread. */
	public static HandshakeTasks of(EventLoop loop) {
		return PER_LOOP.get(loop);
	}

	/**
	 * Runs the engine's delegated tasks here, on the loop, if its budget has room.
	 * @return false when it has none: {@link #submit} them
	 */
	public boolean runHere(SSLEngine engine) {
		long start = System.nanoTime();
		if (start - windowStart >= WINDOW) {
			windowStart = start;
			spent = 0;
		}
		if (spent >= BUDGET || coolDown > 0 && start - offUntil < 0) {
			return false;
		}
		try {
			Runnable task;
			while ((task = engine.getDelegatedTask()) != null) {
				task.run();
			}
		}
		finally {
			long end = System.nanoTime();
			spent += end - start;
			if (end - start > SLOW) {
				coolDown = coolDown == 0 ? COOL_DOWN : Math.min(coolDown * 2, LONGEST_COOL_DOWN);
				offUntil = end + coolDown;
			}
		}
		return true;
	}

	/**
	 * Runs the engine's delegated tasks on {@code io}, then {@code done} on the loop.
	 * @return false when too many are waiting, or the executor refused: the handshake
	 * must be abandoned
	 */
	public boolean submit(SSLEngine engine, Executor io, EventLoop loop, Runnable done) {
		if (running >= RUNNING) {
			if (waiting.size() >= WAITING) {
				return false;
			}
			waiting.add(new Batch(engine, done));
			return true;
		}
		return start(new Batch(engine, done), io, loop);
	}

	private boolean start(Batch batch, Executor io, EventLoop loop) {
		running++;
		try {
			io.execute(() -> {
				try {
					Runnable task;
					while ((task = batch.engine.getDelegatedTask()) != null) {
						task.run(); // the engine keeps what a task throws for its next
									// step
					}
				}
				finally {
					done(batch, io, loop);
				}
			});
			return true;
		}
		catch (RejectedExecutionException e) {
			running--;
			return false;
		}
	}

	/** From the I/O thread: the batch is back on the loop, unless the loop stopped. */
	private void done(Batch batch, Executor io, EventLoop loop) {
		try {
			loop.returns().execute(() -> finished(batch, io, loop));
		}
		catch (RejectedExecutionException stopped) {
			// the loop has stopped, and closed the connection
		}
	}

	private void finished(Batch batch, Executor io, EventLoop loop) {
		running--;
		Batch next;
		while (running < RUNNING && (next = waiting.poll()) != null) {
			if (!start(next, io, loop)) {
				next.done.run(); // it finds its tasks not run and gives up
			}
		}
		batch.done.run();
	}

}
