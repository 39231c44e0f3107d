package dev.webserv.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path template such as "/users/{id}/posts/{post}": literal segments and one-segment
 * variables, and optionally a last "{*rest}" that takes the remaining segments ("/a/b",
 * or "" for none), as Spring's PathPattern does. A catch-all ranks below any template
 * with as many literal segments.
 */
public final class RouteTemplate {

	private final String text;

	private final String[] segments;

	private final boolean[] variable;

	private final int literals;

	private final boolean catchAll;

	public RouteTemplate(String text) {
		if (!text.startsWith("/")) {
			throw new IllegalArgumentException("route template must start with '/': " + text);
		}
		this.text = text;
		List<String> parts = split(text);
		this.segments = parts.toArray(String[]::new);
		this.variable = new boolean[segments.length];
		int literalCount = 0;
		boolean rest = false;
		for (int i = 0; i < segments.length; i++) {
			String part = segments[i];
			if (part.startsWith("{*") && part.endsWith("}") && part.length() > 3) {
				if (i != segments.length - 1) {
					throw new IllegalArgumentException("a {*variable} must be the last segment: " + text);
				}
				variable[i] = true;
				rest = true;
				segments[i] = part.substring(2, part.length() - 1);
			}
			else if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
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
		this.catchAll = rest;
	}

	public String text() {
		return text;
	}

	/** More literal segments first: "/users/me" beats "/users/{id}". */
	int specificity() {
		return literals * 1000 + segments.length - (catchAll ? 500 : 0);
	}

	/** The variables bound by a match, or null when the path does not match. */
	public Map<String, String> match(String path) {
		int start = 1;
		Map<String, String> values = null;
		for (int i = 0; i < segments.length; i++) {
			if (catchAll && i == segments.length - 1) {
				if (values == null) {
					values = new LinkedHashMap<>(4);
				}
				values.put(segments[i], start - 1 < path.length() ? path.substring(start - 1) : "");
				return values;
			}
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
			shape.append('/').append(catchAll && i == segments.length - 1 ? "{*}" : variable[i] ? "{}" : segments[i]);
		}
		return shape.length() == 0 ? "/" : shape.toString();
	}

	@Override
	public String toString() {
		return text;
	}

}
