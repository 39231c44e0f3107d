package dev.webserv.eventloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread, one Selector. Channels registered here are served only by this thread.
 * Other threads hand work over with {@link #execute}, which queues the task and wakes the
 * selector. Deadlines are checked by a sweep at a fixed interval while members exist (a
 * tenth of the shortest timeout, see
 * {@link dev.webserv.config.Timeouts#sweepInterval()}); with none the thread sleeps in
 * select() (0% CPU). Ready keys are handed over by the selector one by one, without
 * filling its selected-key set.
 * <p>
 * Nothing a member or a task throws stops the loop: the member at fault is closed, the
 * failure logged (rate-limited), and the loop goes on. Only a {@link VirtualMachineError}
 * (other than a stack overflow, which has unwound by the time it is caught) ends it: the
 * loop then closes every member, marks itself dead ({@link #isAlive()}), refuses new
 * tasks and tells the callback given to {@link #whenDead}.
 */
public final class EventLoop implements Executor {

	/** Something served by the loop: a connection or an acceptor. */
	public interface Member {

		/**
		 * The key is ready for its interest ops. Whatever it throws closes the member.
		 */
		void ready(SelectionKey key) throws IOException;

		/** Checks this member's deadlines. Whatever it throws closes the member. */
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

	private final Map<LoopLocal<?>, Object> locals = new IdentityHashMap<>();

	private final FailureLog failures = new FailureLog(LOG);

	private final long sweepMillis;

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	private boolean sweeping;

	private volatile boolean running = true;

	private volatile boolean dead;

	private volatile Consumer<Throwable> onDeath = cause -> {
	};

	private long nextSweep;

	private long wakeups;

	private long selectedKeys;

	/** A loop that checks deadlines every {@code sweep}. */
	public EventLoop(String name, Duration sweep) {
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

	/**
	 * Tells {@code callback} (on the dying loop's thread, once) if the loop ever dies of
	 * a fatal error. Set it before {@link #start()}.
	 */
	public void whenDead(Consumer<Throwable> callback) {
		this.onDeath = callback;
	}

	/**
	 * Whether the loop still serves: false once it died of a fatal error or was stopped.
	 * Never hand a socket to a loop that is not alive.
	 */
	public boolean isAlive() {
		return running && !dead;
	}

	/**
	 * Runs the task on this loop's thread, soon. Safe from any thread.
	 * @throws RejectedExecutionException when the loop has died: the task will never run
	 */
	@Override
	public void execute(Runnable task) {
		if (dead) {
			throw new RejectedExecutionException(thread.getName() + " has died");
		}
		tasks.add(task);
		if (dead && tasks.remove(task)) {
			throw new RejectedExecutionException(thread.getName() + " has died");
		}
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
	public void forEachMember(Consumer<Member> action) {
		execute(() -> new ArrayList<>(members).forEach(member -> guard(member, "member task", action)));
	}

	/**
	 * The members, oldest first, for a look over them on this loop's thread; close none
	 * while going through them.
	 */
	public Collection<Member> members() {
		return Collections.unmodifiableCollection(members);
	}

	/** Where failures on this loop are logged, rate-limited. */
	public FailureLog failures() {
		return failures;
	}

	/** The loop's shared read buffer: valid only until control returns to the loop. */
	public ByteBuffer readBuffer() {
		return readBuffer.clear();
	}

	@SuppressWarnings("unchecked")
	<T> T local(LoopLocal<T> key) {
		return (T) locals.computeIfAbsent(key, LoopLocal::create);
	}

	/** Average selected keys per wake-up since start: a health figure for metrics. */
	public double keysPerWakeup() {
		long wakes = wakeups;
		return wakes == 0 ? 0 : (double) selectedKeys / wakes;
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
		Throwable fatal = null;
		try {
			while (running) {
				loopOnce();
			}
		}
		catch (Throwable e) {
			fatal = e;
			dead = true;
			LOG.log(Level.SEVERE, "event loop " + thread.getName() + " died", e);
		}
		finally {
			dead = true;
			shutDown();
		}
		if (fatal != null) {
			try {
				onDeath.accept(fatal);
			}
			catch (Throwable e) {
				LOG.log(Level.SEVERE, "death callback of " + thread.getName() + " failed", e);
			}
		}
	}

	private void shutDown() {
		runTasks();
		new ArrayList<>(members).forEach(this::closeQuietly);
		members.clear();
		for (SelectionKey key : selector.keys()) {
			if (key.attachment() instanceof Member member) {
				closeQuietly(member);
			}
		}
		for (Object local : locals.values()) {
			if (local instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception e) {
					LOG.log(Level.FINE, "closing a loop-local value of " + thread.getName(), e);
				}
			}
		}
		try {
			selector.close();
		}
		catch (IOException e) {
			LOG.log(Level.FINE, "closing the selector of " + thread.getName(), e);
		}
	}

	private void loopOnce() throws IOException {
		wakeupPending.set(false);
		int ready;
		if (!tasks.isEmpty()) {
			ready = selector.selectNow(this::serve);
		}
		else {
			ready = selector.select(this::serve, members.isEmpty() ? 0 : sweepMillis);
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
				guard(member, "timeout check", m -> m.checkTimeouts(now));
			}
		}
		finally {
			sweeping = false;
			leftDuringSweep.forEach(members::remove);
			leftDuringSweep.clear();
		}
	}

	private void serve(SelectionKey key) {
		Member member = (Member) key.attachment();
		try {
			if (key.isValid()) {
				member.ready(key);
			}
		}
		catch (IOException e) {
			LOG.log(Level.FINE, "I/O failure closes a member of " + thread.getName(), e);
			closeQuietly(member);
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			failures.log(thread.getName() + " serving " + member.getClass().getSimpleName(), e);
			closeQuietly(member);
		}
	}

	/** Runs the action on the member; whatever it throws closes the member. */
	private void guard(Member member, String what, Consumer<Member> action) {
		try {
			action.accept(member);
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			failures.log(thread.getName() + " " + what + " of " + member.getClass().getSimpleName(), e);
			closeQuietly(member);
		}
	}

	private void closeQuietly(Member member) {
		try {
			member.close();
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			failures.log(thread.getName() + " closing " + member.getClass().getSimpleName(), e);
			remove(member); // whatever close() left undone, the loop forgets the member
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (Throwable e) {
				FailureLog.rethrowIfFatal(e);
				failures.log("task on " + thread.getName(), e);
			}
		}
	}

}
