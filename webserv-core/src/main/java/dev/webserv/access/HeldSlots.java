package dev.webserv.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.webserv.Request;

/**
 * {@code limit_conn} slots held until their exchange is over: its last byte written, or
 * its failure, or its client gone (nginx releases a slot when the request is finalized,
 * not when its handler returns). The exchange tells {@link #begin} and {@link #end}; a
 * request this table never saw begin (a CGI local redirect's inner request, a handler
 * called directly) is not held, and its guard releases when the handler returns.
 */
final class HeldSlots {

	private final Map<Request, Held> open = new ConcurrentHashMap<>();

	void begin(Request request) {
		open.put(request, new Held());
	}

	/**
	 * Runs {@code release} when the request's exchange ends.
	 * @return false when the exchange was never begun or has ended already: the caller
	 * releases itself
	 */
	boolean hold(Request request, Runnable release) {
		Held held = open.get(request);
		return held != null && held.add(release);
	}

	void end(Request request) {
		Held held = open.remove(request);
		if (held != null) {
			held.end();
		}
	}

	/** Exchanges begun and not ended (a test's window into the table). */
	int open() {
		return open.size();
	}

	private static final class Held {

		private List<Runnable> releases = new ArrayList<>(1);

		synchronized boolean add(Runnable release) {
			if (releases == null) {
				return false;
			}
			releases.add(release);
			return true;
		}

		void end() {
			List<Runnable> due;
			synchronized (this) {
				due = releases;
				releases = null;
			}
			due.forEach(Runnable::run);
		}

	}

}
