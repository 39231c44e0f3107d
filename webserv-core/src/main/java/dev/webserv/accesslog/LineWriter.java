package dev.webserv.accesslog;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread that writes every line of a server's access logs. Event loops only offer
 * lines to a queue bounded in lines and in characters (a line carries request headers, so
 * a count alone bounds nothing); when it is full (a destination stalled or too slow) the
 * line is dropped and counted, so a request never waits for its log line. Between batches
 * the thread flushes, and every {@code checkInterval} it looks for rotated files. A
 * destination whose write or flush failed loses the lines it held (counted) and takes no
 * more until the next check reopens it; its failure is logged once until a flush works
 * again. A failure is any exception a destination throws, or a linkage error (a logging
 * backend's RuntimeException, a class of it that fails to load): the thread, shared by
 * every access log of the server, never dies of one.
 */
final class LineWriter {

	private static final System.Logger LOG = System.getLogger(LineWriter.class.getName());

	private static final int BATCH = 512;

	private static final long STOP_GRACE_MILLIS = 2000;

	private record Line(LogDestination destination, String text) {
	}

	private final BlockingQueue<Line> queue;

	private final long maxQueuedChars;

	private final AtomicLong queuedChars = new AtomicLong();

	private final List<LogDestination> destinations;

	private final long checkIntervalNanos;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicBoolean reopenRequested = new AtomicBoolean();

	/** destinations that failed since their last reopen: their lines are dropped */
	private final Map<LogDestination, Boolean> failing = new IdentityHashMap<>();

	/** destinations whose failure was logged and that have not flushed since */
	private final Map<LogDestination, Boolean> warned = new IdentityHashMap<>();

	/** lines written to each destination since its last flush */
	private final Map<LogDestination, Integer> unflushed = new IdentityHashMap<>();

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param capacity the most lines queued
	 * @param maxQueuedChars the most characters queued, all lines together
	 */
	LineWriter(List<LogDestination> destinations, int capacity, long maxQueuedChars, long checkIntervalMillis) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.maxQueuedChars = maxQueuedChars;
		this.destinations = List.copyOf(destinations);
		this.checkIntervalNanos = TimeUnit.MILLISECONDS.toNanos(checkIntervalMillis);
	}

	/** Queues a line, or drops it when the queue is full; never blocks. */
	void offer(LogDestination destination, String text) {
		if (!running || queuedChars.addAndGet(text.length()) > maxQueuedChars) {
			queuedChars.addAndGet(-text.length());
			dropped.incrementAndGet();
			return;
		}
		if (!queue.offer(new Line(destination, text))) {
			queuedChars.addAndGet(-text.length());
			dropped.incrementAndGet();
		}
	}

	long dropped() {
		return dropped.get();
	}

	/** Asks the thread to reopen every file (logrotate's postrotate). */
	void reopen() {
		reopenRequested.set(true);
	}

	synchronized void start(String threadName) {
		if (thread != null) {
			return;
		}
		running = true;
		thread = new Thread(this::run, threadName);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Writes what is queued and ends the thread; a destination stalled past the grace
	 * time is interrupted (its lines are lost).
	 */
	synchronized void stop() {
		if (thread == null) {
			return;
		}
		running = false;
		try {
			thread.join(STOP_GRACE_MILLIS);
			if (thread.isAlive()) {
				thread.interrupt();
				thread.join(STOP_GRACE_MILLIS);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		thread = null;
	}

	private void run() {
		List<Line> batch = new ArrayList<>(BATCH);
		long nextCheck = System.nanoTime() + checkIntervalNanos;
		try {
			while (running || !queue.isEmpty()) {
				Line first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first != null) {
					batch.add(first);
					queue.drainTo(batch, BATCH - 1);
					write(batch);
					batch.clear();
				}
				if (reopenRequested.getAndSet(false)) {
					destinations.forEach(destination -> maintain(destination, true));
				}
				else if (System.nanoTime() - nextCheck >= 0) {
					destinations.forEach(destination -> maintain(destination, false));
					nextCheck = System.nanoTime() + checkIntervalNanos;
				}
			}
		}
		catch (InterruptedException e) {
			dropped.addAndGet(queue.size());
			unflushed.values().forEach(dropped::addAndGet);
		}
		finally {
			destinations.forEach(LogDestination::close);
		}
	}

	private void write(List<Line> batch) {
		for (Line line : batch) {
			queuedChars.addAndGet(-line.text().length());
			LogDestination destination = line.destination();
			if (failing.containsKey(destination)) {
				dropped.incrementAndGet(); // until the next check reopens it
				continue;
			}
			try {
				destination.write(line.text());
				unflushed.merge(destination, 1, Integer::sum);
			}
			catch (Exception | LinkageError e) {
				dropped.incrementAndGet();
				failed(destination, e);
			}
		}
		for (LogDestination destination : destinations) {
			if (failing.containsKey(destination)) {
				continue;
			}
			try {
				destination.flush();
				if (unflushed.remove(destination) != null) {
					warned.remove(destination); // lines got through: the streak is over
				}
			}
			catch (Exception | LinkageError e) {
				failed(destination, e);
			}
		}
	}

	private void maintain(LogDestination destination, boolean reopen) {
		try {
			if (reopen || failing.containsKey(destination)) {
				destination.reopen();
			}
			else {
				destination.checkRotation();
			}
			failing.remove(destination);
		}
		catch (Exception | LinkageError e) {
			failed(destination, e);
		}
	}

	/**
	 * The lines the destination held are lost (it is closed, its buffer discarded); warns
	 * once per failure streak, not once per line.
	 */
	private void failed(LogDestination destination, Throwable e) {
		Integer lost = unflushed.remove(destination);
		if (lost != null) {
			dropped.addAndGet(lost);
		}
		failing.put(destination, Boolean.TRUE);
		destination.close();
		if (warned.put(destination, Boolean.TRUE) == null && running) {
			try {
				LOG.log(System.Logger.Level.WARNING, "access log lines are being lost: " + e);
			}
			catch (RuntimeException | LinkageError logBroken) {
				// the lines are counted; nothing better to do with a log that cannot be
				// written
			}
		}
		if (Thread.currentThread().isInterrupted()) {
			running = false;
		}
	}

}
