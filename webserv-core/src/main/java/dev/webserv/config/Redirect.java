package dev.webserv.config;

/**
 * nginx's {@code return status url}: a redirect answered without touching the file
 * system.
 */
public record Redirect(int status, String location) {

	public Redirect {
		if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
			throw new IllegalArgumentException("redirect status must be 301, 302, 303, 307 or 308: " + status);
		}
		if (location == null || location.isBlank()) {
			throw new IllegalArgumentException("redirect needs a location");
		}
	}
}
