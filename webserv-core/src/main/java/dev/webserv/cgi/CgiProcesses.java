package dev.webserv.cgi;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The CGI processes of one server: how many run (for statistics), the cap on that number
 * ({@code Limits.maxCgiProcesses}, 503 past it) and the time each may run
 * ({@code Timeouts.cgi}), and the budget of stderr lines they may log.
 *
 * <p>
 * The threads every process needs besides the worker that reads its output belong to the
 * server: its watchdog for the deadlines, and its internal I/O executor for the pipes
 * that feed request bodies to stdin, pump stdout and copy stderr to the log. A process's
 * pipes never touch an event loop. When the server stops, {@link #killAll()} ends every
 * script still running.
 */
public final class CgiProcesses {

	static final int STDERR_LINES_PER_SECOND = 100;

	private final int max;

	private final Duration timeout;

	private final Supplier<? extends Executor> pipes;

	private final Supplier<? extends ScheduledExecutorService> watchdog;

	private final AtomicInteger running = new AtomicInteger();

	private final Set<CgiProcess> live = ConcurrentHashMap.newKeySet();

	private final List<String> prefix = ProcessTree.prefix();

	/** Set by {@link #killAll()} under the lock of {@code live}. */
	private volatile boolean stopped;

	private long logSecond;

	private int loggedThisSecond;

	/**
	 * @param pipes the executor for the three pipe threads, looked up per process (the
	 * server makes it when it starts)
	 * @param watchdog the scheduler of deadlines, looked up per process
	 */
	public CgiProcesses(int max, Duration timeout, Supplier<? extends Executor> pipes,
			Supplier<? extends ScheduledExecutorService> watchdog) {
		this.max = max;
		this.timeout = timeout;
		this.pipes = pipes;
		this.watchdog = watchdog;
	}

	/** CGI processes running now. */
	public int running() {
		return running.get();
	}

	public int max() {
		return max;
	}

	public Duration timeout() {
		return timeout;
	}

	/**
	 * Kills every script still running, with everything each started; from now on no
	 * script starts (one starting meanwhile is killed by {@link #started}).
	 */
	public void killAll() {
		List<CgiProcess> running;
		synchronized (live) {
			stopped = true;
			running = List.copyOf(live);
		}
		running.forEach(CgiProcess::kill);
	}

	/** Whether {@link #killAll()} was called: the server stops. */
	boolean stopped() {
		return stopped;
	}

	/** What runs before each script's command ({@link ProcessTree#prefix()}). */
	List<String> prefix() {
		return prefix;
	}

	/**
	 * Whether one more stderr line may be logged now: at most
	 * {@value #STDERR_LINES_PER_SECOND} a second for all of this server's scripts.
	 */
	synchronized boolean mayLogStderr() {
		long second = System.nanoTime() / 1_000_000_000L;
		if (second != logSecond) {
			logSecond = second;
			loggedThisSecond = 0;
		}
		return loggedThisSecond++ < STDERR_LINES_PER_SECOND;
	}

	Executor pipes() {
		return pipes.get();
	}

	ScheduledExecutorService watchdog() {
		return watchdog.get();
	}

	/** Takes a slot for one more process; false when all are taken. */
	boolean tryAcquire() {
		while (!stopped) {
			int current = running.get();
			if (current >= max) {
				return false;
			}
			if (running.compareAndSet(current, current + 1)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A process started in a slot; false when the server has begun to stop, so that
	 * {@link #killAll()} has missed it and the caller must kill it.
	 */
	boolean started(CgiProcess process) {
		synchronized (live) {
			if (stopped) {
				return false;
			}
			live.add(process);
			return true;
		}
	}

	void release(CgiProcess process) {
		if (process != null) {
			live.remove(process);
		}
		running.decrementAndGet();
	}

}
