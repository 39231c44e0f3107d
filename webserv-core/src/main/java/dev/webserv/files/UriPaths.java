package dev.webserv.files;

import java.nio.charset.StandardCharsets;

/**
 * Encoding of decoded paths back into URIs and of text into HTML, for Location headers
 * and listings.
 */
public final class UriPaths {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private UriPaths() {
	}

	/**
	 * Percent-encodes a decoded path, keeping only unreserved characters and '/'.
	 * Stricter than RFC 3986 needs, on purpose: a name like "a:b" must not read as a
	 * scheme in a relative link.
	 */
	public static String encode(String path) {
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(bytes.length + 16);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (unreserved(c) || c == '/') {
				out.append((char) c);
			}
			else {
				out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		return out.toString();
	}

	private static boolean unreserved(int c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
				|| c == '~';
	}

	/** Escapes text for HTML content and quoted attribute values. */
	public static String html(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

}
