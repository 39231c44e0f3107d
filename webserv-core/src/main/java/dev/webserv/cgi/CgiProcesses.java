package dev.webserv.cgi;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webserv.config.ServerConfig;
import dev.webserv.handler.Workers;

/**
 * The CGI processes of one server: how many run (for metrics), the cap on that number
 * ({@code Limits.maxCgiProcesses}, 503 past it) and the time each may run
 * ({@code Timeouts.cgi}).
 *
 * <p>
 * Also the threads every CGI process needs besides the worker that reads its output: one
 * watchdog thread for all deadlines, and pipe threads that feed request bodies to stdin
 * and stderr to the log. A process's pipes never touch an event loop.
 */
public final class CgiProcesses {

	/**
	 * Per server: keyed by the identity of its configuration, which every location of
	 * that server shares.
	 */
	private static final List<WeakReference<ServerConfig>> CONFIGS = new ArrayList<>();

	private static final List<CgiProcesses> REGISTRY = new ArrayList<>();

	static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
	static final ExecutorService PIPES = Executors.newCachedThreadPool(Workers.daemonThreads("webserv-cgi-pipe-"));

	private final int max;

	private final Duration timeout;

	private final AtomicInteger running = new AtomicInteger();

	private CgiProcesses(int max, Duration timeout) {
		this.max = max;
		this.timeout = timeout;
	}

	private static ScheduledThreadPoolExecutor watchdog() {
		ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1,
				Workers.daemonThreads("webserv-cgi-watchdog-"));
		watchdog.setRemoveOnCancelPolicy(true);
		return watchdog;
	}

	/** The processes of the server with this configuration. */
	public static synchronized CgiProcesses of(ServerConfig config) {
		Iterator<WeakReference<ServerConfig>> configs = CONFIGS.iterator();
		Iterator<CgiProcesses> processes = REGISTRY.iterator();
		while (configs.hasNext()) {
			ServerConfig known = configs.next().get();
			CgiProcesses candidate = processes.next();
			if (known == config) {
				return candidate;
			}
			if (known == null) {
				configs.remove();
				processes.remove();
			}
		}
		CgiProcesses created = new CgiProcesses(config.limits().maxCgiProcesses(), config.timeouts().cgi());
		CONFIGS.add(new WeakReference<>(config));
		REGISTRY.add(created);
		return created;
	}

	/** CGI processes running now for the server with this configuration. */
	public static int running(ServerConfig config) {
		return of(config).running();
	}

	public int running() {
		return running.get();
	}

	public int max() {
		return max;
	}

	public Duration timeout() {
		return timeout;
	}

	/** Takes a slot for one more process; false when all are taken. */
	boolean tryAcquire() {
		while (true) {
			int current = running.get();
			if (current >= max) {
				return false;
			}
			if (running.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void release() {
		running.decrementAndGet();
	}

}
