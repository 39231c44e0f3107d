package dev.webserv.eventloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.parser.StringCache;
import dev.webserv.writer.DateCache;
import dev.webserv.writer.WriteBuffer;

/**
 * One thread, one Selector. Channels registered here are served only by this thread.
 * Other threads hand work over with {@link #execute}, which queues the task and wakes the
 * selector. Deadlines are checked by a sweep at a fixed interval while members exist (a
 * tenth of the shortest timeout, see
 * {@link dev.webserv.config.Timeouts#sweepInterval()}); with none the thread sleeps in
 * select() (0% CPU). Ready keys are handed over by the selector one by one, without
 * filling its selected-key set.
 */
public final class EventLoop implements Executor {

	/** Something served by the loop: a connection or an acceptor. */
	public interface Member {

		/** The key is ready for its interest ops. Exceptions close the member. */
		void ready(SelectionKey key) throws IOException;

		/** Checks this member's deadlines. */
		default void checkTimeouts(long nanoNow) {
		}

		/** Closes at once, releasing everything. */
		void close();

	}

	private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final Selector selector;

	private final Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final Set<Member> members = new LinkedHashSet<>();

	private final List<Member> leftDuringSweep = new ArrayList<>();

	private final long sweepMillis;

	private boolean sweeping;

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	private final DateCache dates = new DateCache();

	private final WriteBuffer writeBuffer = new WriteBuffer(64 * 1024);

	private final StringCache strings = new StringCache();

	private volatile boolean running = true;

	private long nextSweep;

	private long wakeups;

	private long selectedKeys;

	public EventLoop(String name) {
		this(name, java.time.Duration.ofMillis(100));
	}

	/** A loop that checks deadlines every {@code sweep}. */
	public EventLoop(String name, java.time.Duration sweep) {
		this.sweepMillis = Math.max(1, sweep.toMillis());
		try {
			this.selector = Selector.open();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot open a selector", e);
		}
		this.thread = new Thread(this::run, name);
	}

	public void start() {
		thread.start();
	}

	/** Runs the task on this loop's thread, soon. Safe from any thread. */
	@Override
	public void execute(Runnable task) {
		tasks.add(task);
		if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
			selector.wakeup();
		}
	}

	public boolean inLoop() {
		return Thread.currentThread() == thread;
	}

	/** Registers a channel with this loop's selector. Call on the loop thread. */
	public SelectionKey register(SelectableChannel channel, int ops, Member member) throws ClosedChannelException {
		members.add(member);
		return channel.register(selector, ops, member);
	}

	/**
	 * Registers a channel that has no deadlines (a listener). Call on the loop thread.
	 */
	public SelectionKey registerUntimed(SelectableChannel channel, int ops, Member member)
			throws ClosedChannelException {
		return channel.register(selector, ops, member);
	}

	/** Forgets a member that closed. Call on the loop thread. */
	public void remove(Member member) {
		if (sweeping) {
			leftDuringSweep.add(member);
		}
		else {
			members.remove(member);
		}
	}

	/** Runs the action on every member, on this loop's thread. */
	public void forEachMember(java.util.function.Consumer<Member> action) {
		execute(() -> new ArrayList<>(members).forEach(action));
	}

	/** The loop's shared read buffer: valid only until control returns to the loop. */
	public ByteBuffer readBuffer() {
		return readBuffer.clear();
	}

	/** The loop's shared buffer for assembling responses. */
	public WriteBuffer writeBuffer() {
		return writeBuffer;
	}

	/** The loop's cache of request-head Strings. */
	public StringCache strings() {
		return strings;
	}

	public DateCache dates() {
		return dates;
	}

	public int memberCount() {
		return members.size();
	}

	/** Average selected keys per wake-up since start: a health figure for metrics. */
	public double keysPerWakeup() {
		long wakes = wakeups;
		return wakes == 0 ? 0 : (double) selectedKeys / wakes;
	}

	public long wakeups() {
		return wakeups;
	}

	/**
	 * Stops the loop and closes every member; returns once the thread has ended (or after
	 * the timeout).
	 */
	public void stop(long timeoutMillis) {
		running = false;
		selector.wakeup();
		if (!inLoop()) {
			try {
				thread.join(timeoutMillis);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void run() {
		try {
			while (running) {
				loopOnce();
			}
		}
		catch (Throwable fatal) {
			LOG.log(Level.SEVERE, "event loop " + thread.getName() + " died", fatal);
		}
		finally {
			runTasks();
			new ArrayList<>(members).forEach(Member::close);
			members.clear();
			for (SelectionKey key : selector.keys()) {
				if (key.attachment() instanceof Member member) {
					member.close();
				}
			}
			try {
				selector.close();
			}
			catch (IOException ignored) {
				// closing anyway
			}
		}
	}

	private void loopOnce() throws IOException {
		wakeupPending.set(false);
		int ready;
		if (!tasks.isEmpty()) {
			ready = selector.selectNow(EventLoop::serve);
		}
		else {
			ready = selector.select(EventLoop::serve, members.isEmpty() ? 0 : sweepMillis);
		}
		wakeups++;
		selectedKeys += ready;
		runTasks();
		if (!members.isEmpty()) {
			long now = System.nanoTime();
			if (now - nextSweep >= 0) {
				nextSweep = now + TimeUnit.MILLISECONDS.toNanos(sweepMillis);
				sweep(now);
			}
		}
	}

	/**
	 * Checks every member's deadlines; members that close meanwhile leave the set
	 * afterwards.
	 */
	private void sweep(long now) {
		sweeping = true;
		try {
			for (Member member : members) {
				member.checkTimeouts(now);
			}
		}
		finally {
			sweeping = false;
			leftDuringSweep.forEach(members::remove);
			leftDuringSweep.clear();
		}
	}

	private static void serve(SelectionKey key) {
		Member member = (Member) key.attachment();
		try {
			if (key.isValid()) {
				member.ready(key);
			}
		}
		catch (IOException | RuntimeException e) {
			member.close();
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (RuntimeException e) {
				LOG.log(Level.WARNING, "task failed on " + thread.getName(), e);
			}
		}
	}

}
