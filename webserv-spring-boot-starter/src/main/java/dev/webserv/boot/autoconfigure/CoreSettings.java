package dev.webserv.boot.autoconfigure;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.config.ConfigException;
import dev.webserv.config.InvalidSettingException;

/**
 * The one place that turns the core's refusal of a setting ({@link ConfigException},
 * which names the setting relative to the configuration root, e.g.
 * "limits.max-connections" or "servers[1].locations[0].methods") into Boot's
 * {@link InvalidConfigurationPropertyValueException} naming the property: the setting
 * under the prefix, unless the value came from another key (Boot's own, given in
 * {@code renamed}).
 */
final class CoreSettings {

	private CoreSettings() {
	}

	/**
	 * Builds a core value, translating its refusal.
	 * @param prefix the property prefix of the core's names, e.g. "webserv"
	 * @param renamed properties that supplied a setting instead, by the core's name (e.g.
	 * "limits.max-header-size" -> "server.max-http-request-header-size")
	 */
	static <T> T build(String prefix, Map<String, String> renamed, Supplier<T> build) {
		try {
			return build.get();
		}
		catch (ConfigException e) {
			throw translate(prefix, renamed, e);
		}
	}

	static InvalidConfigurationPropertyValueException translate(String prefix, Map<String, String> renamed,
			ConfigException refusal) {
		String property = renamed.getOrDefault(refusal.setting(), prefix + "." + refusal.setting());
		if (refusal instanceof InvalidSettingException invalid) {
			return new InvalidConfigurationPropertyValueException(property, invalid.value(), invalid.reason());
		}
		String message = refusal.getMessage().replaceAll("(?<![\\w.])servers\\[", prefix + ".servers[");
		return new InvalidConfigurationPropertyValueException(property, null, message);
	}

}
