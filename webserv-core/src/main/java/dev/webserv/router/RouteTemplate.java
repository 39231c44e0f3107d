package dev.webserv.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A path template such as "/users/{id}/posts/{post}": literal segments and one-segment variables. */
public final class RouteTemplate {

	private final String text;
	private final String[] segments;
	private final boolean[] variable;
	private final int literals;

	public RouteTemplate(String text) {
		if (!text.startsWith("/")) {
			throw new IllegalArgumentException("route template must start with '/': " + text);
		}
		this.text = text;
		List<String> parts = split(text);
		this.segments = parts.toArray(String[]::new);
		this.variable = new boolean[segments.length];
		int literalCount = 0;
		for (int i = 0; i < segments.length; i++) {
			String part = segments[i];
			if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
				variable[i] = true;
				segments[i] = part.substring(1, part.length() - 1);
			}
			else if (part.contains("{") || part.contains("}")) {
				throw new IllegalArgumentException("route template has a malformed variable: " + text);
			}
			else {
				literalCount++;
			}
		}
		this.literals = literalCount;
	}

	public String text() {
		return text;
	}

	/** More literal segments first: "/users/me" beats "/users/{id}". */
	int specificity() {
		return literals * 1000 + segments.length;
	}

	/** The variables bound by a match, or null when the path does not match. */
	public Map<String, String> match(String path) {
		int start = 1;
		Map<String, String> values = null;
		for (int i = 0; i < segments.length; i++) {
			if (start > path.length()) {
				return null;
			}
			int end = path.indexOf('/', start);
			if (end < 0) {
				end = path.length();
			}
			if (variable[i]) {
				if (end == start) {
					return null;
				}
				if (values == null) {
					values = new LinkedHashMap<>(4);
				}
				values.put(segments[i], path.substring(start, end));
			}
			else if (!path.regionMatches(start, segments[i], 0, segments[i].length())
					|| end - start != segments[i].length()) {
				return null;
			}
			start = end + 1;
		}
		if (start <= path.length() && !(segments.length == 0 && path.equals("/"))) {
			return null;
		}
		return values == null ? Collections.emptyMap() : values;
	}

	private static List<String> split(String text) {
		List<String> parts = new ArrayList<>();
		int start = 1;
		while (start <= text.length()) {
			int end = text.indexOf('/', start);
			if (end < 0) {
				end = text.length();
			}
			if (end == text.length() && start == end) {
				break;
			}
			parts.add(text.substring(start, end));
			start = end + 1;
		}
		return parts;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RouteTemplate template && template.shape().equals(shape());
	}

	@Override
	public int hashCode() {
		return shape().hashCode();
	}

	/** The template with variable names erased: "/users/{}" for "/users/{id}". */
	private String shape() {
		StringBuilder shape = new StringBuilder();
		for (int i = 0; i < segments.length; i++) {
			shape.append('/').append(variable[i] ? "{}" : segments[i]);
		}
		return shape.length() == 0 ? "/" : shape.toString();
	}

	@Override
	public String toString() {
		return text;
	}
}
