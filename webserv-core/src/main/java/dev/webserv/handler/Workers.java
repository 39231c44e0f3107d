package dev.webserv.handler;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the executor for blocking handlers: virtual threads on Java 21+, else a bounded
 * pool.
 */
public final class Workers {

	private Workers() {
	}

	/**
	 * Virtual-thread-per-task when asked for and available, otherwise a pool of
	 * {@code threads} threads.
	 */
	public static ExecutorService create(boolean virtualThreads, int threads) {
		if (virtualThreads) {
			ExecutorService virtual = virtualThreadExecutor();
			if (virtual != null) {
				return virtual;
			}
		}
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads("webserv-worker-"));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/** Whether this runtime has virtual threads (Java 21+). */
	public static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	private static ExecutorService virtualThreadExecutor() {
		if (!virtualThreadsAvailable()) {
			return null;
		}
		try {
			// Java 21 API, called reflectively so the code still compiles for release 17.
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Object builder = ofVirtual.invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "webserv-virtual-", 0L);
			ThreadFactory threads = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			Method perTask = java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor",
					ThreadFactory.class);
			return (ExecutorService) perTask.invoke(null, threads);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}

	public static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
