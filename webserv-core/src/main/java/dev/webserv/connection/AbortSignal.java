package dev.webserv.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.eventloop.FailureLog;

/**
 * Tells an exchange handler, once, that its exchange was aborted before its end: every
 * callback registered with {@code onAbort} (layers each register their own), in order,
 * now or as soon as one is registered. At most {@link #MAX_CALLBACKS} wait: one more
 * aborts the exchange. What a callback throws is logged, never passed on. Loop thread
 * only, but {@link #tellOffLoop}.
 */
final class AbortSignal {

	private static final Logger LOG = Logger.getLogger(AbortSignal.class.getName());

	/** Callbacks one exchange may register before it is aborted. */
	static final int MAX_CALLBACKS = 64;

	private final Supplier<String> exchange;

	private final Consumer<Throwable> overrun;

	private final List<Consumer<Throwable>> callbacks = new ArrayList<>(1);

	private boolean told;

	private Throwable cause;

	/**
	 * @param exchange names the exchange in the log
	 * @param overrun aborts the exchange when too many callbacks were registered
	 */
	AbortSignal(Supplier<String> exchange, Consumer<Throwable> overrun) {
		this.exchange = exchange;
		this.overrun = overrun;
	}

	/** Registers the callback; told at once if the abort happened already. */
	void register(Consumer<Throwable> callback) {
		if (!told && callbacks.size() == MAX_CALLBACKS) {
			overrun.accept(new IllegalStateException("more than " + MAX_CALLBACKS + " onAbort callbacks"));
		}
		if (told) {
			call(callback);
		}
		else if (callbacks.size() < MAX_CALLBACKS) {
			callbacks.add(callback); // (past the bound: the exchange ended, never told)
		}
	}

	/** The exchange was aborted: null cause for a plain close by the client. */
	void tell(Throwable cause) {
		if (told) {
			return;
		}
		told = true;
		this.cause = cause;
		for (Consumer<Throwable> callback : callbacks) {
			call(callback);
		}
		callbacks.clear();
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
			LOG.log(Level.WARNING, "onAbort callback of " + exchange.get() + " failed", e);
		}
	}

}
