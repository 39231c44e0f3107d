package dev.webserv.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An access log format (nginx's {@code log_format}) split into literal text and variable
 * names, each name checked against the variables webserv knows, so an unknown one fails
 * when the configuration is built.
 *
 * @param tokens literal text and variables, in order
 */
public record LogPattern(List<Token> tokens) {

	/** nginx's {@code combined} format, the default. */
	public static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
			+ "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

	/** nginx's {@code common} format (combined without referer and user agent). */
	public static final String COMMON = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
			+ "$body_bytes_sent";

	/** The fields of the {@code json} format, in order. */
	public static final List<String> JSON_FIELDS = List.of("time_iso8601", "remote_addr", "remote_user", "request",
			"request_method", "uri", "status", "body_bytes_sent", "bytes_sent", "request_time", "http_referer",
			"http_user_agent", "host", "server_name", "connection");

	/** The variables a format may name, besides {@code http_<header>}. */
	public static final Set<String> VARIABLES = Set.of("remote_addr", "remote_port", "realip_remote_addr",
			"realip_remote_port", "remote_user", "time_local", "time_iso8601", "msec", "request", "request_method",
			"request_uri", "uri", "args", "query_string", "server_protocol", "host", "scheme", "status",
			"body_bytes_sent", "bytes_sent", "request_time", "server_name", "server_addr", "server_port", "connection",
			"connection_requests");

	/**
	 * Literal text, or (variable true) a variable's name without its '$'.
	 */
	public record Token(String text, boolean variable) {
	}

	public LogPattern {
		tokens = List.copyOf(tokens);
	}

	/** Whether a format is the JSON-lines one rather than a pattern. */
	public static boolean isJson(String format) {
		return "json".equals(format);
	}

	/**
	 * The pattern of a format: {@code combined} (also for null), {@code common}, or a
	 * pattern of its own.
	 * @throws IllegalArgumentException naming an unknown variable, or a '$' without a
	 * name
	 */
	public static LogPattern of(String format) {
		String pattern = format == null || format.equals("combined") ? COMBINED
				: format.equals("common") ? COMMON : format;
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		while (i < pattern.length()) {
			int dollar = pattern.indexOf('$', i);
			if (dollar < 0) {
				tokens.add(new Token(pattern.substring(i), false));
				break;
			}
			if (dollar > i) {
				tokens.add(new Token(pattern.substring(i, dollar), false));
			}
			boolean braced = dollar + 1 < pattern.length() && pattern.charAt(dollar + 1) == '{';
			int start = braced ? dollar + 2 : dollar + 1;
			int end = start;
			while (end < pattern.length() && isNameChar(pattern.charAt(end))) {
				end++;
			}
			if (end == start || braced && (end >= pattern.length() || pattern.charAt(end) != '}')) {
				throw new IllegalArgumentException("a '$' without a variable name at offset " + dollar);
			}
			tokens.add(new Token(known(pattern.substring(start, end)), true));
			i = braced ? end + 1 : end;
		}
		return new LogPattern(tokens);
	}

	/**
	 * The name, if webserv knows the variable.
	 * @throws IllegalArgumentException naming it otherwise
	 */
	public static String known(String name) {
		if (VARIABLES.contains(name) || name.startsWith("http_") && name.length() > 5) {
			return name;
		}
		throw new IllegalArgumentException("unknown variable $" + name);
	}

	private static boolean isNameChar(char c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
	}

}
