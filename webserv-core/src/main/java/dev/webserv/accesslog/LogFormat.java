package dev.webserv.accesslog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.webserv.config.LogPattern;
import dev.webserv.events.AccessRecord;

/**
 * An access log line format, compiled once into parts: literal text and nginx variables
 * ({@code $remote_addr}, {@code ${status}}, {@code $http_user_agent}, ...). Names:
 * {@code combined} (nginx's default), {@code common}, {@code json} (one JSON object per
 * line), or a pattern of your own. A value that does not exist is written "-"; values are
 * escaped as nginx does ({@code "}, {@code \}, control and non-ASCII bytes as
 * {@code \xHH}), so a header cannot forge a line.
 */
public final class LogFormat {

	private interface Part {

		void append(StringBuilder line, AccessRecord record);

	}

	private final List<Part> parts;

	private LogFormat(List<Part> parts) {
		this.parts = List.copyOf(parts);
	}

	/**
	 * Compiles a format by name ({@code combined}, {@code common}, {@code json}) or
	 * pattern; null means combined.
	 * @param serverName the virtual server's first name, for {@code $server_name}
	 * @throws IllegalArgumentException naming an unknown variable or a bad pattern
	 */
	public static LogFormat of(String format, String serverName) {
		if (LogPattern.isJson(format)) {
			return json(LogPattern.JSON_FIELDS, serverName);
		}
		List<Part> parts = new ArrayList<>();
		for (LogPattern.Token token : LogPattern.of(format).tokens()) {
			if (token.variable()) {
				Function<AccessRecord, String> variable = Variables.named(token.text(), serverName);
				boolean asSent = Variables.asSent(token.text());
				parts.add((line, record) -> appendEscaped(line, variable.apply(record), asSent));
			}
			else {
				parts.add(literal(token.text()));
			}
		}
		return new LogFormat(parts);
	}

	static LogFormat json(List<String> fields, String serverName) {
		List<Part> parts = new ArrayList<>();
		for (int i = 0; i < fields.size(); i++) {
			String name = fields.get(i);
			Function<AccessRecord, String> variable = Variables.named(LogPattern.known(name), serverName);
			boolean numeric = Variables.NUMERIC.contains(name);
			parts.add(literal((i == 0 ? "{\"" : ",\"") + name + "\":"));
			parts.add((line, record) -> appendJson(line, variable.apply(record), numeric));
		}
		parts.add(literal("}"));
		return new LogFormat(parts);
	}

	private static Part literal(String text) {
		return (line, record) -> line.append(text);
	}

	/** The line for one record, without its line break. */
	public String format(AccessRecord record) {
		StringBuilder line = new StringBuilder(256);
		for (Part part : parts) {
			part.append(line, record);
		}
		return line.toString();
	}

	/**
	 * @param asSent whether the value holds request bytes as they came, one character
	 * each (header fields): those are written as they are, not as UTF-8
	 */
	private static void appendEscaped(StringBuilder line, String value, boolean asSent) {
		if (value == null || value.isEmpty()) {
			line.append('-');
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
				hex(line, c);
			}
			else if (c > 0x7f && asSent && c <= 0xff) {
				hex(line, c);
			}
			else if (c > 0x7f) {
				for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
					hex(line, b & 0xff);
				}
			}
			else {
				line.append(c);
			}
		}
	}

	private static void hex(StringBuilder line, int b) {
		line.append("\\x")
			.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
			.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
	}

	private static void appendJson(StringBuilder line, String value, boolean numeric) {
		if (value == null) {
			line.append(numeric ? "null" : "\"\"");
			return;
		}
		if (numeric) {
			line.append(value);
			return;
		}
		line.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> line.append("\\\"");
				case '\\' -> line.append("\\\\");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(value, i)) {
						line.append(String.format("\\u%04x", (int) c));
					}
					else {
						line.append(c);
					}
				}
			}
		}
		line.append('"');
	}

	/**
	 * Whether the surrogate at i belongs to a well-formed pair (a lone one is escaped).
	 */
	private static boolean validSurrogate(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

}
