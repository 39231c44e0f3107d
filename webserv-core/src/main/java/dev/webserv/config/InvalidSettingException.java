package dev.webserv.config;

/**
 * A setting with a value webserv cannot honour. It names the setting as the documentation
 * does, relative to the configuration root ("limits.max-connections", "timeouts.header"),
 * so an adapter can name its own property: the starter prefixes "webserv.".
 */
public final class InvalidSettingException extends ConfigException {

	private static final long serialVersionUID = 1L;

	private final transient Object value;

	private final String reason;

	public InvalidSettingException(String setting, Object value, String reason) {
		super(setting, setting + " " + reason + ": " + value);
		this.value = value;
		this.reason = reason;
	}

	/** The value refused (may be null). */
	public Object value() {
		return value;
	}

	/** What is wrong with it, e.g. "must be positive". */
	public String reason() {
		return reason;
	}

}
