package dev.webserv.cgi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running CGI script: its stdin fed from the request body by a pipe thread (so a
 * script that never reads stdin cannot stall anyone), its stderr copied to the log, and a
 * deadline after which it is killed together with every process it started. Its slot in
 * {@link CgiProcesses} is given back when it exits.
 */
final class CgiProcess {

	private static final Logger LOG = Logger.getLogger(CgiProcess.class.getName());

	private static final int MAX_LOGGED_LINES = 100;

	private final Process process;

	private final String script;

	private final ScheduledFuture<?> deadline;

	private final AtomicBoolean released = new AtomicBoolean();

	private volatile boolean timedOut;

	private CgiProcess(Process process, String script, CgiProcesses owner) {
		this.process = process;
		this.script = script;
		this.deadline = owner.watchdog().schedule(this::expire, owner.timeout().toNanos(), TimeUnit.NANOSECONDS);
		owner.started(this);
		process.onExit().whenComplete((exited, error) -> {
			deadline.cancel(false);
			if (released.compareAndSet(false, true)) {
				owner.release(this);
			}
		});
	}

	/**
	 * Starts a script in a slot the caller has taken from {@code owner}; the slot is
	 * released when the process ends, or here if it cannot start.
	 * @param body the request body, already open, copied to stdin and then closed
	 */
	static CgiProcess start(ProcessBuilder builder, InputStream body, String script, CgiProcesses owner)
			throws IOException {
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException | RuntimeException e) {
			owner.release(null);
			body.close();
			throw e;
		}
		CgiProcess started;
		try {
			started = new CgiProcess(process, script, owner);
		}
		catch (RuntimeException e) { // the server is stopping: its watchdog refuses
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			owner.release(null);
			body.close();
			throw new IOException("the server is stopping", e);
		}
		try {
			owner.pipes().execute(() -> started.feed(body));
			owner.pipes().execute(started::logErrors);
		}
		catch (RuntimeException e) { // the slot is released when the killed process exits
			started.kill();
			body.close();
			throw new IOException("the server is stopping", e);
		}
		return started;
	}

	private void feed(InputStream body) {
		try (InputStream in = body; OutputStream stdin = process.getOutputStream()) {
			in.transferTo(stdin);
		}
		catch (IOException e) {
			// the script closed stdin or ended without reading it all; it is entitled to
		}
	}

	private void logErrors() {
		try (BufferedReader stderr = new BufferedReader(
				new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
			int lines = 0;
			for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
				if (lines++ < MAX_LOGGED_LINES) {
					log(Level.WARNING, line);
				}
			}
		}
		catch (IOException e) {
			// the process is gone
		}
	}

	/** The script's stdout. */
	InputStream stdout() {
		return process.getInputStream();
	}

	/** Whether the deadline passed and the script was killed for it. */
	boolean timedOut() {
		return timedOut;
	}

	private void expire() {
		if (process.isAlive()) {
			timedOut = true;
			LOG.warning(() -> "CGI " + script + " ran past its timeout and was killed");
			kill();
		}
	}

	/**
	 * Kills the script and everything it started: children first, before they can be
	 * orphaned.
	 */
	void kill() {
		List<ProcessHandle> descendants = process.descendants().toList();
		descendants.forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
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
