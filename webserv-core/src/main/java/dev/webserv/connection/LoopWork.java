package dev.webserv.connection;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one connection's work on its loop one piece at a time. Work may ask for a
 * {@link #resume} (an exchange queued output from a callback, say): inside work it is
 * remembered and done once the work ends, never re-entered, so a callback can never
 * re-enter the connection's flush or parse. Whatever work throws goes to the connection's
 * crash handler, never to the loop. Loop thread only.
 */
final class LoopWork {

	private final BooleanSupplier closed;

	private final Runnable advance;

	private final Consumer<Throwable> crashed;

	private boolean busy;

	private boolean resumeAsked;

	/**
	 * @param closed whether the connection is closed
	 * @param advance flushes and moves on
	 * @param crashed told what work threw: the connection pays, never the loop
	 */
	LoopWork(BooleanSupplier closed, Runnable advance, Consumer<Throwable> crashed) {
		this.closed = closed;
		this.advance = advance;
		this.crashed = crashed;
	}

	/** Runs {@code work} now (inside work already: as part of it). */
	void run(Runnable work) {
		if (busy) {
			work.run();
			return;
		}
		busy = true;
		try {
			work.run();
			if (resumeAsked && !closed.getAsBoolean()) {
				advance.run();
			}
		}
		catch (Throwable e) {
			crashed.accept(e);
		}
		finally {
			busy = false;
			resumeAsked = false;
		}
	}

	/** Flushes and moves on: now, or once the work under way ends. */
	void resume() {
		if (closed.getAsBoolean()) {
			return;
		}
		if (busy) {
			resumeAsked = true;
			return;
		}
		run(advance);
	}

	/**
	 * Called as an advance starts over: true when a resume was asked since the last call.
	 */
	boolean resumeAsked() {
		boolean asked = resumeAsked;
		resumeAsked = false;
		return asked;
	}

}
