package dev.webserv.eventloop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs failures that must not go unseen but must not flood the log either: the first of
 * each kind (where it happened and the exception class) with its stack trace, then at
 * most one line per kind every ten seconds, saying how many were left out. Logging itself
 * never throws to the caller: a log handler or filter that fails is ignored, so a broken
 * log cannot turn a failure an event loop survives into one that stops it. Safe from any
 * thread.
 */
public final class FailureLog {

	private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final int MAX_KINDS = 256;

	private final Logger logger;

	private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

	public FailureLog(Logger logger) {
		this.logger = logger;
	}

	/**
	 * Rethrows a JVM error that leaves no state to go on in (any
	 * {@link VirtualMachineError} but a stack overflow, which has unwound by the time it
	 * is caught); returns otherwise.
	 */
	public static void rethrowIfFatal(Throwable e) {
		if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
			throw (VirtualMachineError) e;
		}
	}

	/**
	 * Logs the message unless logging fails: whatever the logger's handlers or filters
	 * throw (short of a fatal JVM error) is dropped.
	 */
	public static void write(Logger logger, Level level, String message, Throwable failure) {
		try {
			logger.log(level, message, failure);
		}
		catch (RuntimeException | LinkageError e) {
			// nothing better to do with a log that cannot be written
		}
	}

	/** Logs at WARNING, rate-limited per {@code where} and exception class. */
	public void log(String where, Throwable failure) {
		String key = where + " " + failure.getClass().getName();
		Kind kind = kinds.get(key);
		if (kind == null) {
			if (kinds.size() >= MAX_KINDS) {
				kinds.clear(); // a bound, not a cache: forget and start over
			}
			kind = new Kind();
			if (kinds.putIfAbsent(key, kind) == null) {
				write(logger, Level.WARNING, where + " failed", failure);
				return;
			}
			kind = kinds.get(key);
		}
		if (kind != null) {
			kind.again(where, failure);
		}
	}

	private final class Kind {

		private long lastLogged = System.nanoTime();

		private long suppressed;

		synchronized void again(String where, Throwable failure) {
			long now = System.nanoTime();
			if (now - lastLogged < QUIET_NANOS) {
				suppressed++;
				return;
			}
			write(logger, Level.WARNING, where + " failed again (" + (suppressed + 1) + " times in "
					+ TimeUnit.NANOSECONDS.toSeconds(now - lastLogged) + " s): " + failure, null);
			lastLogged = now;
			suppressed = 0;
		}

	}

}
