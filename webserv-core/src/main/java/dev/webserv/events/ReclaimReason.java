package dev.webserv.events;

/**
 * Why a connection was closed to make room for a new one at max-connections
 * ({@code limits.reclaim-at-limit}). A connection in the middle of a request is never
 * reclaimed.
 */
public enum ReclaimReason {

	/** A keep-alive connection waiting for its next request (the longest idle first). */
	IDLE,
	/**
	 * A connection still reading its first request head, sending the fewest bytes per
	 * second (slowloris).
	 */
	SLOW_HEAD

}
