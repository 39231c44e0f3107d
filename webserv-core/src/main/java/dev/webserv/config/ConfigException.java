package dev.webserv.config;

/**
 * A configuration webserv cannot honour, found before anything is bound. The message says
 * what is wrong in nginx's words; {@link #setting()} names the setting at fault the way
 * the Spring Boot starter spells it under {@code webserv.} (for example
 * "servers[0].locations[2].methods"), so a start-up failure can point at the property.
 */
public class ConfigException extends IllegalArgumentException {

	private final String setting;

	public ConfigException(String setting, String message) {
		super(message);
		this.setting = setting;
	}

	/** The setting at fault, e.g. "servers[1].server-names". */
	public String setting() {
		return setting;
	}

}
