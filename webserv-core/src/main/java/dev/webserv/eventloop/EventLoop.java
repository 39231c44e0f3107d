package dev.webserv.eventloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread, one Selector. Channels registered here are served only by this thread.
 * Other threads hand work over with {@link #execute}, which queues the task (at most
 * {@code maxTasks} of them: past that it refuses) and wakes the selector; a wake-up runs
 * the tasks waiting when it began and at most {@value #TASKS_ADDED_PER_RUN} more, so
 * tasks handed meanwhile never keep the loop from its sockets and deadlines. Deadlines
 * are checked by a sweep at a fixed interval (a tenth of the shortest timeout, see
 * {@link dev.webserv.config.Timeouts#sweepInterval()}) over the members that are not
 * resting; a member whose only deadline is far off rests until then ({@link #rest}, see
 * {@link Schedule}), so idle keep-alive connections cost nothing between their deadlines,
 * and with nothing due the thread sleeps in select() (0% CPU). Ready keys are handed over
 * by the selector one by one, without filling its selected-key set.
 * <p>
 * Nothing a member or a task throws stops the loop: the member at fault is closed, the
 * failure logged (rate-limited), and the loop goes on. Only a {@link VirtualMachineError}
 * (other than a stack overflow, which has unwound by the time it is caught) ends it: the
 * loop then closes every member, marks itself dead ({@link #isAlive()}), refuses new
 * tasks and tells the callback given to {@link #whenDead}.
 * <p>
 * <b>Time.</b> What runs on the loop takes the time from {@link #now}, the loop's cached
 * clock ({@link LoopClock}: read once per wake-up and every few keys, behind the true
 * time by the work done since), instead of calling {@link System#nanoTime} itself.
 */
public final class EventLoop implements Executor {

	/** Something served by the loop: a connection or an acceptor. */
	public interface Member {

		/**
		 * The key is ready for its interest ops. Whatever it throws closes the member.
		 */
		void ready(SelectionKey key) throws IOException;

		/**
		 * Checks this member's deadlines. Whatever it throws closes the member. A member
		 * may {@link EventLoop#rest} here.
		 */
		default void checkTimeouts(long nanoNow) {
		}

		/** Closes at once, releasing everything. */
		void close();

		/**
		 * The loop is stopping (or died): closes at once, with {@code cause} as the
		 * reason for whatever was under way.
		 */
		default void closeForStop(Throwable cause) {
			close();
		}

	}

	/** Tasks a loop holds at most by default, waiting to run. */
	public static final int DEFAULT_MAX_TASKS = 65_536;

	private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	/**
	 * Tasks a wake-up runs beyond those waiting when it began: those that tasks hand back
	 * run in the same batch, a few at least, without a select between.
	 */
	private static final int TASKS_ADDED_PER_RUN = 1024;

	private final Selector selector;

	private final Thread thread;

	private final TaskQueue tasks;

	private final Executor returns = task -> enqueue(task, true);

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final Schedule schedule = new Schedule();

	private final Consumer<Member> checker = this::check;

	private final Map<LoopLocal<?>, Object> locals = new IdentityHashMap<>();

	private final FailureLog failures = new FailureLog(LOG);

	private final long sweepNanos;

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	private volatile boolean running = true;

	private volatile boolean dead;

	private volatile Consumer<Throwable> onDeath = cause -> {
	};

	private final LoopClock clock = new LoopClock();

	private long nextSweep;

	private long wakeups;

	private long selectedKeys;

	static {
		loadCloseClasses();
	}

	/** A loop that checks deadlines every {@code sweep}. */
	public EventLoop(String name, Duration sweep) {
		this(name, sweep, DEFAULT_MAX_TASKS);
	}

	/**
	 * A loop that checks deadlines every {@code sweep} and holds at most {@code maxTasks}
	 * tasks waiting.
	 */
	public EventLoop(String name, Duration sweep, int maxTasks) {
		this.tasks = new TaskQueue(maxTasks);
		this.sweepNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, sweep.toMillis()));
		try {
			this.selector = Selector.open();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot open a selector", e);
		}
		this.thread = new Thread(this::run, name);
	}

	/**
	 * The JDK loads the class that closes sockets at the first close, and loading it
	 * takes a descriptor: out of them (EMFILE, a burst before any socket closed), it
	 * fails for the JVM's life, thrown by the select() that closes the socket, which
	 * killed the loop. Closing one socket now, while descriptors are there, loads it.
	 */
	private static void loadCloseClasses() {
		try {
			SocketChannel.open().close();
		}
		catch (IOException e) {
			// the first close will try again
		}
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
	 * Runs the task on this loop's thread, soon. Safe from any thread; never blocks.
	 * @throws RejectedExecutionException when the loop has died, or already holds
	 * {@code maxTasks} tasks: the task will never run, and what it was to do is the
	 * caller's to undo or answer
	 */
	@Override
	public void execute(Runnable task) {
		enqueue(task, false);
	}

	/**
	 * Where the result of work this loop gave out comes back: a handler run on a worker,
	 * a file opened or a chunk read off the loop, a handshake task done. There is at most
	 * one such task per piece of work in flight, which the loop's members bound, so the
	 * task bound does not refuse them (a refused result would leave its connection
	 * waiting for ever); they are refused only when the loop has died.
	 */
	public Executor returns() {
		return returns;
	}

	/**
	 * Runs the server's own control work (a drain, closing listeners) on this loop's
	 * thread, soon, even past {@code maxTasks}: a close is never refused. Only a few such
	 * tasks are ever given per server. Safe from any thread.
	 * @throws RejectedExecutionException when the loop has died
	 */
	public void executeControl(Runnable task) {
		enqueue(task, true);
	}

	private void enqueue(Runnable task, boolean control) {
		if (dead) {
			throw new RejectedExecutionException(thread.getName() + " has died");
		}
		if (!tasks.offer(task, control)) {
			throw new RejectedExecutionException(thread.getName() + " already holds " + tasks.max() + " tasks");
		}
		if (dead && tasks.withdraw(task)) {
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
		Schedule.Slot slot = schedule.add(member);
		try {
			return channel.register(selector, ops, slot);
		}
		catch (ClosedChannelException | RuntimeException e) {
			schedule.remove(member);
			throw e;
		}
	}

	/**
	 * Registers a channel that has no deadlines (a listener). Call on the loop thread.
	 */
	public SelectionKey registerUntimed(SelectableChannel channel, int ops, Member member)
			throws ClosedChannelException {
		return channel.register(selector, ops, new Schedule.Slot(member, false));
	}

	/**
	 * Adds a member that has no channel, for its deadlines alone (a cache's expiry, say).
	 * Call on the loop thread.
	 */
	public void addTimed(Member member) {
		schedule.add(member);
	}

	/** Forgets a member that closed. Call on the loop thread. */
	public void remove(Member member) {
		schedule.remove(member);
	}

	/**
	 * Checks the member's deadlines no more until {@code due} (a {@link System#nanoTime}
	 * value), unless the loop serves it or it is {@link #watch watched} before: for a
	 * member whose one deadline is known and far off, such as an idle connection's. The
	 * member must watch itself whenever anything but its key's readiness gives it a
	 * nearer deadline. Call on the loop thread.
	 */
	public void rest(Member member, long due) {
		schedule.rest(member, due);
	}

	/** Checks the member's deadlines at every sweep again. Call on the loop thread. */
	public void watch(Member member) {
		schedule.watch(member);
	}

	/** Runs the action on every member, on this loop's thread (a control task). */
	public void forEachMember(Consumer<Member> action) {
		executeControl(() -> new ArrayList<>(schedule.members()).forEach(member -> {
			schedule.watch(member);
			guard(member, "member task", action);
		}));
	}

	/**
	 * The members, in no particular order, for a look over them on this loop's thread;
	 * close none while going through them.
	 */
	public Collection<Member> members() {
		return schedule.members();
	}

	/** Where failures on this loop are logged, rate-limited. */
	public FailureLog failures() {
		return failures;
	}

	/**
	 * The loop's time, in {@link System#nanoTime()}: read when this wake-up began, or
	 * since; behind the true time by the work the loop did since (see the class comment).
	 * For deadlines and durations that span wake-ups. Off the loop's thread it reads the
	 * clock.
	 */
	public long now() {
		return inLoop() ? clock.now() : System.nanoTime();
	}

	/**
	 * Reads the clock and makes it the loop's time: before a deadline that must not start
	 * early by the work done so far in this wake-up. Off the loop's thread it reads the
	 * clock alone.
	 */
	public long refresh() {
		return inLoop() ? clock.refresh() : System.nanoTime();
	}

	/**
	 * Work that takes time (a write) runs now: the next {@link #freshNow} reads the
	 * clock.
	 */
	public void lapse() {
		clock.lapse();
	}

	/**
	 * The loop's time, read again if a write or a handler ran since the last read: for
	 * the end of a duration (a request's), which may have begun in this same wake-up. All
	 * the durations that end after one write share one read. Off the loop's thread it
	 * reads the clock.
	 */
	public long freshNow() {
		return inLoop() ? clock.freshNow() : System.nanoTime();
	}

	/**
	 * The wall clock ({@link System#currentTimeMillis()}) at {@link #now}: derived from
	 * the loop's time, the wall clock being read again once a second, so a change of the
	 * system's time shows within a second. Off the loop's thread it reads the wall clock.
	 */
	public long epochMillis() {
		return inLoop() ? clock.epochMillis() : System.currentTimeMillis();
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
			FailureLog.write(LOG, Level.SEVERE, "event loop " + thread.getName() + " died", e);
		}
		finally {
			dead = true;
			shutDown(fatal);
		}
		if (fatal != null) {
			try {
				onDeath.accept(fatal);
			}
			catch (Throwable e) {
				FailureLog.write(LOG, Level.SEVERE, "death callback of " + thread.getName() + " failed", e);
			}
		}
	}

	private void shutDown(Throwable fatal) {
		runTasks(Integer.MAX_VALUE); // none comes once dead
		LoopStopped cause = new LoopStopped(fatal == null ? "the server stopped before the exchange ended"
				: "the event loop died before the exchange ended", fatal);
		new ArrayList<>(schedule.members()).forEach(member -> closeQuietly(member, cause));
		for (SelectionKey key : selector.keys()) {
			if (key.attachment() instanceof Schedule.Slot slot) {
				closeQuietly(slot.member, cause);
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
			FailureLog.write(LOG, Level.FINE, "closing the selector of " + thread.getName(), e);
		}
	}

	/** {@link #serve}, made once: a method reference per wake-up would be garbage */
	private final Consumer<SelectionKey> serveKey = this::serve;

	private void loopOnce() throws IOException {
		if (wakeupPending.get()) {
			wakeupPending.set(false); // a fence: only when a wake-up was asked since
		}
		int ready;
		clock.sleeping(); // the first key served reads the clock
		if (!tasks.isEmpty()) {
			ready = selector.selectNow(serveKey);
		}
		else {
			ready = selector.select(serveKey, selectMillis());
		}
		wakeups++;
		selectedKeys += ready;
		if (!tasks.isEmpty()) {
			clock.refresh(); // tasks may come after a long batch of keys
			runTasks(tasks.size() + TASKS_ADDED_PER_RUN);
		}
		if (!schedule.isEmpty()) {
			long now = clock.beforeSweep(nextSweep);
			if (now - nextSweep >= 0) {
				nextSweep = now + sweepNanos;
				schedule.sweep(now, checker);
			}
		}
	}

	/**
	 * How long select() may sleep: until the next sweep while members are swept, until
	 * the first resting one is due when all rest, for ever (0) with none.
	 */
	private long selectMillis() {
		long next = schedule.isEmpty() ? Long.MAX_VALUE : schedule.nextCheck(nextSweep);
		if (next == Long.MAX_VALUE) {
			return 0;
		}
		return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - clock.now() + 999_999));
	}

	private void check(Member member) {
		try {
			member.checkTimeouts(clock.now());
		}
		catch (Throwable e) {
			failed(member, "timeout check", e);
		}
	}

	private void serve(SelectionKey key) {
		clock.serving();
		Schedule.Slot slot = (Schedule.Slot) key.attachment();
		schedule.wake(slot);
		Member member = slot.member;
		try {
			if (key.isValid()) {
				member.ready(key);
			}
		}
		catch (IOException e) {
			FailureLog.write(LOG, Level.FINE, "I/O failure closes a member of " + thread.getName(), e);
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
			failed(member, what, e);
		}
	}

	private void failed(Member member, String what, Throwable e) {
		FailureLog.rethrowIfFatal(e);
		failures.log(thread.getName() + " " + what + " of " + member.getClass().getSimpleName(), e);
		closeQuietly(member);
	}

	private void closeQuietly(Member member) {
		closeQuietly(member, null);
	}

	private void closeQuietly(Member member, LoopStopped stopped) {
		try {
			if (stopped != null) {
				member.closeForStop(stopped);
			}
			else {
				member.close();
			}
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			failures.log(thread.getName() + " closing " + member.getClass().getSimpleName(), e);
			remove(member); // whatever close() left undone, the loop forgets the member
		}
	}

	/**
	 * Runs at most {@code limit} tasks, then returns even if more wait: they run at the
	 * next wake-up, after its keys and sweep, which a task that hands itself back, or
	 * threads that keep handing tasks, would starve otherwise.
	 */
	private void runTasks(int limit) {
		Runnable task;
		for (int i = 0; i < limit && (task = tasks.poll()) != null; i++) {
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
