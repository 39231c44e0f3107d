package dev.webserv.access;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * A location's handler behind {@code limit_req}, as the exchange sees it: the exchange
 * counts each request in the zone once, where it dispatches it, and waits out a delay on
 * the server's timer, holding no thread, before it runs {@link Turn#next} (the location's
 * other checks, then its handler).
 */
public interface RateLimited {

	/**
	 * What a counted request does: answer {@code refusal} (when not null), else run
	 * {@code next} once {@code delayMillis} have passed.
	 */
	record Turn(Response refusal, long delayMillis, Handler next) {
	}

	/**
	 * Counts the request in the zone, by its real client (the exchange resolved it);
	 * tells a refusal to the server's events.
	 */
	Turn take(Request request);

}
