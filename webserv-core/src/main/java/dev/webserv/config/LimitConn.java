package dev.webserv.config;

/**
 * nginx's {@code limit_conn zone n} with {@code limit_conn_status}: at most {@code max}
 * requests in progress per client address.
 *
 * @param zone the server's connection zone
 * @param max requests in progress allowed per address
 * @param status the status of a refused request (429 here; nginx uses 503)
 */
public record LimitConn(String zone, int max, int status) {

	public LimitConn {
		if (zone == null || zone.isBlank()) {
			throw new IllegalArgumentException("limit-conn: a zone is needed");
		}
		if (max <= 0) {
			throw new IllegalArgumentException("limit-conn: max must be positive: " + max);
		}
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("limit-conn: status must be 400-599: " + status);
		}
	}

}
