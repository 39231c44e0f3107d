package dev.webserv.accesslog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

	public static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
			+ "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

	public static final String COMMON = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
			+ "$body_bytes_sent";

	/** The fields of the {@code json} format, in order. */
	static final List<String> JSON_FIELDS = List.of("time_iso8601", "remote_addr", "remote_user", "request",
			"request_method", "uri", "status", "body_bytes_sent", "bytes_sent", "request_time", "http_referer",
			"http_user_agent", "host", "server_name", "connection");

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
	 * @throws IllegalArgumentException naming an unknown variable or a bad pattern
	 */
	public static LogFormat of(String format) {
		if (format == null || format.equals("combined")) {
			return pattern(COMBINED);
		}
		if (format.equals("common")) {
			return pattern(COMMON);
		}
		if (format.equals("json")) {
			return json(JSON_FIELDS);
		}
		return pattern(format);
	}

	static LogFormat pattern(String pattern) {
		List<Part> parts = new ArrayList<>();
		int i = 0;
		while (i < pattern.length()) {
			int dollar = pattern.indexOf('$', i);
			if (dollar < 0) {
				parts.add(literal(pattern.substring(i)));
				break;
			}
			if (dollar > i) {
				parts.add(literal(pattern.substring(i, dollar)));
			}
			boolean braced = dollar + 1 < pattern.length() && pattern.charAt(dollar + 1) == '{';
			int start = braced ? dollar + 2 : dollar + 1;
			int end = start;
			while (end < pattern.length() && isNameChar(pattern.charAt(end))) {
				end++;
			}
			if (end == start || braced && (end >= pattern.length() || pattern.charAt(end) != '}')) {
				throw new IllegalArgumentException("bad variable at offset " + dollar + " in \"" + pattern + "\"");
			}
			Function<AccessRecord, String> variable = Variables.named(pattern.substring(start, end));
			parts.add((line, record) -> appendEscaped(line, variable.apply(record)));
			i = braced ? end + 1 : end;
		}
		return new LogFormat(parts);
	}

	static LogFormat json(List<String> fields) {
		List<Part> parts = new ArrayList<>();
		for (int i = 0; i < fields.size(); i++) {
			String name = fields.get(i);
			Function<AccessRecord, String> variable = Variables.named(name);
			boolean numeric = Variables.NUMERIC.contains(name);
			parts.add(literal((i == 0 ? "{\"" : ",\"") + name + "\":"));
			parts.add((line, record) -> appendJson(line, variable.apply(record), numeric));
		}
		parts.add(literal("}"));
		return new LogFormat(parts);
	}

	private static boolean isNameChar(char c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
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

	private static void appendEscaped(StringBuilder line, String value) {
		if (value == null || value.isEmpty()) {
			line.append('-');
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
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
