package dev.webserv.connection;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.eventloop.FailureLog;

/**
 * Tells an exchange handler, once, that its exchange was aborted before its end: the
 * callback registered with {@code onAbort}, now or as soon as one is registered. What the
 * callback throws is logged, never passed on. Loop thread only, but {@link #tellOffLoop}.
 */
final class AbortSignal {

	private static final Logger LOG = Logger.getLogger(AbortSignal.class.getName());

	private final String exchange;

	private Consumer<Throwable> callback;

	private boolean told;

	private Throwable cause;

	/**
	 * @param exchange names the exchange in the log
	 */
	AbortSignal(String exchange) {
		this.exchange = exchange;
	}

	/** Registers the callback; told at once if the abort happened already. */
	void register(Consumer<Throwable> callback) {
		if (told) {
			call(callback);
		}
		else {
			this.callback = callback;
		}
	}

	/** The exchange was aborted: null cause for a plain close by the client. */
	void tell(Throwable cause) {
		if (told) {
			return;
		}
		told = true;
		this.cause = cause;
		if (callback != null) {
			call(callback);
		}
	}

	/**
	 * Tells {@code target} on the calling thread: for a callback whose loop will never
	 * run it.
	 */
	void tellOffLoop(Consumer<Throwable> target, Throwable why) {
		call(target, why);
	}

	private void call(Consumer<Throwable> target) {
		call(target, cause);
	}

	private void call(Consumer<Throwable> target, Throwable cause) {
		try {
			target.accept(cause);
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			LOG.log(Level.WARNING, "onAbort callback of " + exchange + " failed", e);
		}
	}

}
