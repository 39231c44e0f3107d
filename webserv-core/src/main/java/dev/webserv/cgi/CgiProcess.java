package dev.webserv.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running CGI script and what it started. Three pipe threads serve it: one feeds the
 * request body to stdin (so a script that never reads stdin cannot stall anyone), one
 * pumps stdout ({@link ScriptOutput}), one logs stderr ({@link ScriptErrors}). No event
 * loop ever waits on it: {@link #abort()} hands the kill to a pipe thread.
 *
 * <p>
 * Deadline ({@code Timeouts.cgi}, checked by the server's watchdog): the header section
 * must be complete within it from the start; then the script may keep the server waiting
 * for its next output byte (stdout or stderr, as Apache counts it) at most that long
 * (time when the client is the slow side does not count); after its stdout ends, it and
 * its children have as long again to exit and close stderr. Past it, the whole tree is
 * killed ({@link ProcessTree}).
 *
 * <p>
 * Its slot in {@link CgiProcesses} and its deadline last until stdout and stderr have
 * reached end-of-file and the script has exited, so children that keep the pipes open
 * count against the cap and die with the script at its deadline.
 */
final class CgiProcess {

	private static final Logger LOG = Logger.getLogger(CgiProcess.class.getName());

	/** Pipe threads start at once (a cached pool); this only bounds a broken executor. */
	private static final long PIPES_HELD_WAIT_SECONDS = 10;

	private final ProcessTree tree;

	private final Process process;

	private final String script;

	private final CgiProcesses owner;

	private final long timeoutNanos;

	private final long startedAt = System.nanoTime();

	private final ScriptOutput stdout;

	/** Pipes still open (stdout with the exit, stderr): the slot is held until 0. */
	private final AtomicInteger open = new AtomicInteger(2);

	private final AtomicBoolean released = new AtomicBoolean();

	/** Counted down when the slot is given back. */
	private final CountDownLatch finished = new CountDownLatch(1);

	/** Counted down by the stdout and stderr threads once they hold their pipes. */
	private final CountDownLatch pipesHeld = new CountDownLatch(2);

	private volatile boolean headersRead;

	private volatile long stdoutEndedAt;

	private volatile long stderrProgress = startedAt;

	private volatile boolean timedOut;

	private volatile long killedAt;

	private ScheduledFuture<?> check;

	private CgiProcess(ProcessTree tree, String script, CgiProcesses owner) {
		this.tree = tree;
		this.process = tree.process();
		this.script = script;
		this.owner = owner;
		this.timeoutNanos = owner.timeout().toNanos();
		this.stdout = new ScriptOutput(process.getInputStream());
	}

	/**
	 * Starts a script in a slot the caller has taken from {@code owner}; the slot is
	 * released when its pipes end and it has exited, or here if it cannot start.
	 * @param body the request body, already open, copied to stdin and then closed
	 */
	static CgiProcess start(ProcessBuilder builder, List<String> command, InputStream body, String script,
			CgiProcesses owner) throws IOException {
		ProcessTree tree;
		try {
			if (!Files.isExecutable(Path.of(command.get(0)))) {
				throw new IOException("Cannot run program \"" + command.get(0) + "\": not executable");
			}
			tree = ProcessTree.start(builder, owner.prefix(), command);
		}
		catch (IOException | RuntimeException | Error e) {
			owner.release(null);
			closeQuietly(body);
			throw e;
		}
		CgiProcess started = new CgiProcess(tree, script, owner);
		if (!owner.started(started)) {
			started.abandon(body);
			throw new IOException("the server is stopping");
		}
		try {
			started.schedule(started.timeoutNanos);
			owner.pipes().execute(() -> started.feed(body));
			owner.pipes().execute(started::pumpStdout);
			owner.pipes().execute(started::logStderr);
		}
		catch (RuntimeException | Error e) {
			// the server is stopping (executors shut down), or no thread can be made
			started.abandon(body);
			if (e instanceof Error error) {
				throw error;
			}
			throw new IOException("its pipe threads cannot start: " + e, e);
		}
		return started;
	}

	/** Kills a script that cannot be served and gives its slot back at once. */
	private void abandon(InputStream body) {
		try {
			kill();
		}
		finally {
			finish();
			closeQuietly(body);
		}
	}

	private static void closeQuietly(InputStream body) {
		try {
			body.close();
		}
		catch (IOException e) {
			// a body file that cannot be closed changes nothing here
		}
	}

	private void feed(InputStream body) {
		try (InputStream in = body; OutputStream stdin = process.getOutputStream()) {
			if (ProcessTree.gated(owner.prefix())) {
				awaitPipesHeld();
				stdin.write('\n'); // opens the gate: the script runs
				stdin.flush();
			}
			in.transferTo(stdin);
		}
		catch (IOException e) {
			// the script closed stdin or ended without reading it all; it is entitled to
		}
	}

	private void awaitPipesHeld() throws IOException {
		try {
			if (!pipesHeld.await(PIPES_HELD_WAIT_SECONDS, TimeUnit.SECONDS)) {
				throw new IOException("the pipe threads did not start");
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("the server stops", e);
		}
	}

	private void pumpStdout() {
		stdout.pump(pipesHeld);
		stdoutEndedAt = System.nanoTime();
		try {
			process.waitFor(); // bounded: the deadline kills a script that outlives
								// stdout
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt(); // the server stops and has killed it
		}
		pipeEnded();
	}

	private void logStderr() {
		new ScriptErrors(line -> log(Level.WARNING, line), owner::mayLogStderr,
				() -> stderrProgress = System.nanoTime())
			.drain(process.getErrorStream(), pipesHeld);
		pipeEnded();
	}

	private void pipeEnded() {
		if (open.decrementAndGet() == 0) {
			finish();
		}
	}

	private void finish() {
		if (released.compareAndSet(false, true)) {
			synchronized (this) {
				if (check != null) {
					check.cancel(false);
				}
			}
			owner.release(this);
			finished.countDown();
		}
	}

	/** The script's stdout, read to its end by a pipe thread. */
	InputStream stdout() {
		return stdout;
	}

	/** The header section is in: from now on the deadline measures pauses. */
	void headersRead() {
		headersRead = true;
	}

	/** Whether the deadline passed and the script was killed for it. */
	boolean timedOut() {
		return timedOut;
	}

	private synchronized void schedule(long delayNanos) {
		if (!released.get()) {
			if (check != null) {
				check.cancel(false);
			}
			check = owner.watchdog().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
		}
	}

	/** Runs on the watchdog: kills the script past its deadline, else checks again. */
	private void check() {
		if (released.get()) {
			return;
		}
		long now = System.nanoTime();
		long killed = killedAt;
		if (killed != 0) {
			giveUpAfter(killed, now);
			return;
		}
		long left = timeoutNanos - Math.min(stdout.waitingNanos(now), now - stderrProgress);
		if (!headersRead) {
			left = Math.min(left, timeoutNanos - (now - startedAt));
		}
		long ended = stdoutEndedAt;
		if (ended != 0) {
			left = Math.min(left, timeoutNanos - (now - ended));
		}
		if (left > 0) {
			schedule(left);
			return;
		}
		if (ended == 0) {
			timedOut = true;
			LOG.warning(() -> "CGI " + script + (headersRead ? " wrote nothing for " : " sent no headers within ")
					+ owner.timeout().toMillis() + " ms and was killed");
		}
		else {
			log(Level.WARNING, "outlived its output by " + owner.timeout().toMillis() + " ms and was killed");
		}
		kill();
	}

	/**
	 * Kills the script and everything it started, on the calling thread (a worker, the
	 * watchdog, the stopping thread; never an event loop).
	 */
	void kill() {
		int killed = tree.kill();
		if (killed > 0) {
			LOG.fine(
					() -> "CGI " + script + ": killed " + killed + " processes on " + Thread.currentThread().getName());
		}
		if (killedAt == 0) {
			killedAt = System.nanoTime();
			try {
				schedule(timeoutNanos);
			}
			catch (RuntimeException e) {
				// the watchdog is stopped (or was never started): the server stops
			}
		}
	}

	/**
	 * A process outside the session (a daemon) may hold the pipes open after the kill: a
	 * timeout later, the slot is given back and readers fail; only the pipe thread stays
	 * until that process lets go.
	 */
	private void giveUpAfter(long killed, long now) {
		long left = timeoutNanos - (now - killed);
		if (left > 0) {
			schedule(left);
			return;
		}
		log(Level.WARNING, "a process that left its session still holds its pipes; its slot is given back");
		stdout.close();
		finish();
	}

	/**
	 * Kills the script and waits (at most a timeout) for its slot to be free, so a local
	 * redirect to another script finds one; on a worker only.
	 */
	void killAndWait() throws InterruptedException {
		kill();
		finished.await(timeoutNanos, TimeUnit.NANOSECONDS);
	}

	/** Kills the script from a pipe thread: safe to call from an event loop. */
	void abort() {
		try {
			owner.pipes().execute(this::kill);
		}
		catch (RejectedExecutionException e) {
			// the server is stopping, and kills every script itself
		}
	}

	/**
	 * The exit code once stdout has ended, waiting a moment for it, but -1 as soon as the
	 * script is seen asleep: it closed stdout and works on (a dying process never
	 * sleeps), so there is no exit to wait for.
	 */
	int exitCodeAfterOutput() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		try {
			while (!process.waitFor(10, TimeUnit.MILLISECONDS)) {
				if (tree.sleeping() || System.nanoTime() - deadline > 0) {
					return -1;
				}
			}
			return process.exitValue();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** The exit code, waiting a moment for it; -1 if the process is still running. */
	int exitCode() {
		try {
			return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	void log(Level level, String problem) {
		LOG.log(level, () -> "CGI " + script + ": " + problem);
	}

}
