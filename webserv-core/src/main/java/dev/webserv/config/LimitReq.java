package dev.webserv.config;

/**
 * nginx's {@code limit_req zone=name burst=n [nodelay]} with {@code limit_req_status}.
 *
 * @param zone the server's request-rate zone
 * @param burst requests over the rate let through (delayed, or at once with nodelay)
 * @param nodelay whether requests within the burst are served at once
 * @param status the status of a refused request (429 here; nginx uses 503)
 */
public record LimitReq(String zone, int burst, boolean nodelay, int status) {

	public LimitReq {
		if (zone == null || zone.isBlank()) {
			throw new IllegalArgumentException("limit-req: a zone is needed");
		}
		if (burst < 0) {
			throw new IllegalArgumentException("limit-req: burst must not be negative: " + burst);
		}
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("limit-req: status must be 400-599: " + status);
		}
	}

}
