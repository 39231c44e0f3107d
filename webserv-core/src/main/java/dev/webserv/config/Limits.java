package dev.webserv.config;

/**
 * Every size and count limit the server enforces, each with a sane default
 * ({@link #DEFAULTS}, the one place defaults are written: the starter takes its defaults
 * from there). Crossing one gives a status (414, 431, 413) or a clean close. A value out
 * of range fails construction with an {@link InvalidSettingException} naming the setting
 * ("limits.max-header-size").
 *
 * @param maxConnections open connections across all listeners; past it the server stops
 * accepting
 * @param backlog the listen backlog (nginx's default is 511)
 * @param maxRequestLineLength bytes in the request line (414 past it)
 * @param maxHeaderSize bytes in the header section (431 past it)
 * @param maxHeaderCount header fields per request (431 past it)
 * @param maxBodySize default request body limit in bytes, nginx's client_max_body_size
 * (413 past it); 0 = none
 * @param maxRequestsPerConnection requests served on one connection before it closes; 0 =
 * unlimited
 * @param bodyMemoryThreshold bodies up to this size stay in memory; larger ones go to a
 * temporary file
 * @param maxCgiProcesses CGI processes running at once (503 past it)
 * @param maxQueuedHandlers blocking handlers waiting for a worker thread; past it the
 * request gets 503 with Retry-After (with virtual threads every handler starts at once,
 * so only maxConnections bounds them)
 * @param reclaimAtLimit at maxConnections, close idle keep-alive connections, then
 * connections slowest at sending their first head, to make room before refusing a new one
 * with 503 (never one in the middle of a request)
 * @param maxFirstHeadsPerAddress connections from one client address that have not yet
 * sent their first request head (503 past it, so one address cannot take every slot); 0 =
 * half of maxConnections. Part of the reclaim policy: not applied when reclaimAtLimit is
 * off, nor on PROXY-protocol listeners, whose peer is the proxy
 */
public record Limits(int maxConnections, int backlog, int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount,
		long maxBodySize, int maxRequestsPerConnection, int bodyMemoryThreshold, int maxCgiProcesses,
		int maxQueuedHandlers, boolean reclaimAtLimit, int maxFirstHeadsPerAddress) {

	public static final Limits DEFAULTS = new Limits(10_000, 511, 8192, 8192, 100, 1024 * 1024, 1000, 64 * 1024, 16,
			1000, true, 0);

	/**
	 * @throws InvalidSettingException naming the first limit out of range
	 */
	public Limits {
		positive("max-connections", maxConnections);
		positive("backlog", backlog);
		positive("max-request-line-length", maxRequestLineLength);
		positive("max-header-size", maxHeaderSize);
		positive("max-header-count", maxHeaderCount);
		notNegative("max-body-size", maxBodySize);
		notNegative("max-requests-per-connection", maxRequestsPerConnection);
		positive("body-memory-threshold", bodyMemoryThreshold);
		positive("max-cgi-processes", maxCgiProcesses);
		positive("max-queued-handlers", maxQueuedHandlers);
		notNegative("max-first-heads-per-address", maxFirstHeadsPerAddress);
	}

	/**
	 * The limits before reclaiming existed: reclaiming on, the per-address cap at its
	 * default.
	 */
	public Limits(int maxConnections, int backlog, int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount,
			long maxBodySize, int maxRequestsPerConnection, int bodyMemoryThreshold, int maxCgiProcesses,
			int maxQueuedHandlers) {
		this(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, true, 0);
	}

	/**
	 * The cap on connections from one address still reading their first head, with 0
	 * resolved.
	 */
	public int firstHeadsPerAddress() {
		return maxFirstHeadsPerAddress > 0 ? maxFirstHeadsPerAddress : Math.max(1, maxConnections / 2);
	}

	private static void positive(String name, long value) {
		if (value <= 0) {
			throw new InvalidSettingException("limits." + name, value, "must be positive");
		}
	}

	private static void notNegative(String name, long value) {
		if (value < 0) {
			throw new InvalidSettingException("limits." + name, value, "must not be negative");
		}
	}

	public Limits withMaxConnections(int value) {
		return new Limits(value, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withBacklog(int value) {
		return new Limits(maxConnections, value, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxRequestLineLength(int value) {
		return new Limits(maxConnections, backlog, value, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxHeaderSize(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, value, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxHeaderCount(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, value, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxBodySize(long value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, value,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxRequestsPerConnection(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				value, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withBodyMemoryThreshold(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, value, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxCgiProcesses(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, value, maxQueuedHandlers, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxQueuedHandlers(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, value, reclaimAtLimit,
				maxFirstHeadsPerAddress);
	}

	public Limits withReclaimAtLimit(boolean value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, value,
				maxFirstHeadsPerAddress);
	}

	public Limits withMaxFirstHeadsPerAddress(int value) {
		return new Limits(maxConnections, backlog, maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxBodySize,
				maxRequestsPerConnection, bodyMemoryThreshold, maxCgiProcesses, maxQueuedHandlers, reclaimAtLimit,
				value);
	}

}
