package dev.webserv.boot.autoconfigure;

/**
 * {@code webserv.servers[].access-log}: nginx's access_log and log_format for one server.
 */
public class AccessLogProperties {

	/** Whether requests of this server are logged. */
	private boolean enabled;

	/**
	 * File the lines are appended to (reopened when logrotate renames it); unset, lines
	 * go to the logger.
	 */
	private String path;

	/**
	 * Logger the lines go to at INFO when no path is set, so Boot's logging configuration
	 * applies.
	 */
	private String logger = "webserv.access";

	/**
	 * Line format: "combined" (nginx's default), "common", "json" (one JSON object per
	 * line), or a pattern of nginx variables such as "$remote_addr $status
	 * $request_time".
	 */
	private String format = "combined";

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getLogger() {
		return logger;
	}

	public void setLogger(String logger) {
		this.logger = logger;
	}

	public String getFormat() {
		return format;
	}

	public void setFormat(String format) {
		this.format = format;
	}

}
