package dev.webserv.runtime;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a server's executors: for blocking handlers, virtual threads on Java 21+ or a
 * fixed pool with a bounded queue; for the server's own blocking I/O, a cached pool of
 * its own. Every thread is named with the server's prefix.
 */
public final class Workers {

	private Workers() {
	}

	/**
	 * Virtual-thread-per-task when asked for and available, otherwise a pool of
	 * {@code threads} threads whose queue holds at most {@code maxQueued} tasks (past it
	 * {@code execute} throws {@link java.util.concurrent.RejectedExecutionException}).
	 */
	public static ExecutorService handlers(String prefix, boolean virtualThreads, int threads, int maxQueued) {
		if (virtualThreads) {
			ExecutorService virtual = virtualThreadExecutor(prefix);
			if (virtual != null) {
				return virtual;
			}
		}
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(maxQueued), daemonThreads(prefix));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/**
	 * A thread per task at once, reused while busy: the server's own blocking work (body
	 * spills, stream reads, deletes, CGI pipes) is short or bounded by connections and
	 * CGI processes, and must never wait behind user handlers.
	 */
	static ExecutorService internal(String prefix) {
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemonThreads(prefix));
	}

	/** Whether this runtime has virtual threads (Java 21+). */
	public static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	private static ExecutorService virtualThreadExecutor(String prefix) {
		if (!virtualThreadsAvailable()) {
			return null;
		}
		try {
			// Java 21 API, called reflectively so the code still compiles for release 17.
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Object builder = ofVirtual.invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
			ThreadFactory threads = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
			return (ExecutorService) perTask.invoke(null, threads);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}

	/** Daemon threads named prefix1, prefix2, ... */
	public static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
