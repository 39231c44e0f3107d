package dev.webserv.config;

/**
 * A setting with a value webserv cannot honour. It names the setting as the documentation
 * does, relative to the configuration root ("limits.max-connections", "timeouts.header"),
 * so an adapter can name its own property: the starter prefixes "webserv.".
 */
public class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final transient Object value;

	private final String reason;

	public InvalidSettingException(String setting, Object value, String reason) {
		super(setting + " " + reason + ": " + value);
		this.setting = setting;
		this.value = value;
		this.reason = reason;
	}

	/** The setting, e.g. "limits.max-connections". */
	public String setting() {
		return setting;
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
