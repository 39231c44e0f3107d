package dev.webserv.accesslog;

import java.io.IOException;
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
 * lines to a bounded queue; when it is full (a destination stalled or too slow) the line
 * is dropped and counted, so a request never waits for its log line. Between batches the
 * thread flushes, and every {@code checkInterval} it looks for rotated files.
 */
final class LineWriter {

	private static final System.Logger LOG = System.getLogger(LineWriter.class.getName());

	private static final int BATCH = 512;

	private static final long STOP_GRACE_MILLIS = 2000;

	private record Line(LogDestination destination, String text) {
	}

	private final BlockingQueue<Line> queue;

	private final List<LogDestination> destinations;

	private final long checkIntervalNanos;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicBoolean reopenRequested = new AtomicBoolean();

	private final Map<LogDestination, Boolean> failing = new IdentityHashMap<>();

	private volatile boolean running;

	private Thread thread;

	LineWriter(List<LogDestination> destinations, int capacity, long checkIntervalMillis) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.destinations = List.copyOf(destinations);
		this.checkIntervalNanos = TimeUnit.MILLISECONDS.toNanos(checkIntervalMillis);
	}

	/** Queues a line, or drops it when the queue is full; never blocks. */
	void offer(LogDestination destination, String text) {
		if (!running || !queue.offer(new Line(destination, text))) {
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
		}
		finally {
			destinations.forEach(LogDestination::close);
		}
	}

	private void write(List<Line> batch) {
		for (Line line : batch) {
			try {
				line.destination().write(line.text());
			}
			catch (IOException e) {
				dropped.incrementAndGet();
				failed(line.destination(), e);
			}
		}
		for (LogDestination destination : destinations) {
			try {
				destination.flush();
			}
			catch (IOException e) {
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
		catch (IOException e) {
			failed(destination, e);
		}
	}

	/** Warns once per failure streak, not once per line. */
	private void failed(LogDestination destination, IOException e) {
		if (failing.put(destination, Boolean.TRUE) == null && running) {
			LOG.log(System.Logger.Level.WARNING, "access log lines are being lost: " + e);
		}
		if (Thread.currentThread().isInterrupted()) {
			running = false;
		}
	}

}
