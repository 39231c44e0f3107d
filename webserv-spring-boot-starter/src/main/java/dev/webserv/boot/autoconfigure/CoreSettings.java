package dev.webserv.boot.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The one place that turns the core's refusal of a setting into Boot's
 * {@link InvalidConfigurationPropertyValueException} naming the property. The core
 * validates its own records ({@code Limits}, {@code Timeouts}) and names the setting at
 * the start of its message ("limits.maxConnections must be positive: 0"); that name,
 * kebab-cased under the prefix, is the property, unless the value came from another key
 * (Boot's own, given in {@code renamed}).
 */
final class CoreSettings {

	private CoreSettings() {
	}

	/**
	 * Builds a core value, translating its refusal.
	 * @param prefix the property prefix of the core's names, e.g. "webserv"
	 * @param renamed properties that supplied a setting instead, by the core's name (e.g.
	 * "limits.maxHeaderSize" -> "server.max-http-request-header-size")
	 */
	static <T> T build(String prefix, Map<String, String> renamed, Supplier<T> build) {
		try {
			return build.get();
		}
		catch (IllegalArgumentException e) {
			throw translate(prefix, renamed, e);
		}
	}

	static InvalidConfigurationPropertyValueException translate(String prefix, Map<String, String> renamed,
			IllegalArgumentException refusal) {
		String message = refusal.getMessage() == null ? "invalid" : refusal.getMessage();
		int space = message.indexOf(' ');
		String setting = space < 0 ? message : message.substring(0, space);
		int colon = message.lastIndexOf(": ");
		Object value = colon < 0 ? null : message.substring(colon + 2);
		String reason = space < 0 ? message : message.substring(space + 1, colon < 0 ? message.length() : colon);
		String property = renamed.getOrDefault(setting, prefix + "." + kebab(setting));
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

	/** "limits.maxConnections" as a property name: "limits.max-connections". */
	static String kebab(String name) {
		StringBuilder out = new StringBuilder(name.length() + 8);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				out.append('-').append(Character.toLowerCase(c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString().toLowerCase(Locale.ROOT);
	}

}
