package dev.webserv.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The elements of RFC 7239 {@code Forwarded} fields, in order: each a map of lower-cased
 * parameter names to values (quoted strings unquoted), or null where the element breaks
 * the grammar (a pair without '=', a bad token, an unterminated quote, a parameter
 * twice), so the caller never believes it. Commas inside quoted strings do not split
 * elements.
 */
final class ForwardedHeader {

	private final String text;

	private int at;

	private ForwardedHeader(String text) {
		this.text = text;
	}

	/** The elements of every Forwarded field, in order. */
	static List<Map<String, String>> elements(List<String> fields) {
		List<Map<String, String>> elements = new ArrayList<>();
		for (String field : fields) {
			new ForwardedHeader(field).parse(elements);
		}
		return elements;
	}

	private void parse(List<Map<String, String>> elements) {
		while (at <= text.length()) {
			Map<String, String> element = element();
			if (element == null) {
				skipToComma();
			}
			if (element == null || !element.isEmpty()) {
				elements.add(element);
			}
			at++; // past the comma (or the end)
		}
	}

	/** One element up to its comma: pairs split by ';'. Null when malformed. */
	private Map<String, String> element() {
		Map<String, String> pairs = new HashMap<>();
		while (true) {
			skipSpaces();
			if (at >= text.length() || text.charAt(at) == ',') {
				return pairs;
			}
			if (text.charAt(at) == ';') {
				at++;
				continue;
			}
			String name = token();
			if (name.isEmpty() || at >= text.length() || text.charAt(at) != '=') {
				return null;
			}
			at++;
			String value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
			if (value == null || value.isEmpty() || pairs.put(name.toLowerCase(Locale.ROOT), value) != null) {
				return null;
			}
			skipSpaces();
			if (at < text.length() && text.charAt(at) != ';' && text.charAt(at) != ',') {
				return null;
			}
		}
	}

	private String token() {
		int start = at;
		while (at < text.length() && isTokenChar(text.charAt(at))) {
			at++;
		}
		return text.substring(start, at);
	}

	private String quoted() {
		StringBuilder value = new StringBuilder();
		at++;
		while (at < text.length()) {
			char c = text.charAt(at++);
			if (c == '"') {
				return value.toString();
			}
			if (c == '\\' && at < text.length()) {
				c = text.charAt(at++);
			}
			if (c < 0x20 && c != '\t' || c == 0x7f) {
				return null;
			}
			value.append(c);
		}
		return null;
	}

	private void skipToComma() {
		boolean inQuotes = false;
		while (at < text.length()) {
			char c = text.charAt(at);
			if (c == '"') {
				inQuotes = !inQuotes;
			}
			else if (c == '\\' && inQuotes) {
				at++;
			}
			else if (c == ',' && !inQuotes) {
				return;
			}
			at++;
		}
	}

	private void skipSpaces() {
		while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
			at++;
		}
	}

	private static boolean isTokenChar(char c) {
		return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
	}

}
