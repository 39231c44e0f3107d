package dev.webserv.parser;

import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of request paths and query components, for the parser and for anything
 * that maps a path onto a file system.
 *
 * <p>
 * {@link #decodePath} is deliberately stricter than RFC 3986, because its output is
 * trusted as a file path: an encoded slash ({@code %2F}) would let one segment pose as
 * two, a backslash is a separator on some systems, a NUL truncates names in native code,
 * and a control character has no business in a file name or a log line; all are rejected
 * rather than passed through. Dot-segments are removed (RFC 3986 §5.2.4) after decoding,
 * so {@code %2e%2e} is a ".." too, but a path that would climb above the root is rejected
 * instead of being clamped there. Runs of slashes are merged into one, as nginx does by
 * default ({@code merge_slashes on}), so "//a///b" and "/a/b" name the same resource.
 */
public final class PathDecoder {

	private PathDecoder() {
	}

	/**
	 * Decodes and normalizes an encoded absolute path ("/a/%C3%A9/../b/" becomes
	 * "/a/b/"). A trailing slash is kept, and a path ending in "." or ".." ends in a
	 * slash ("/a/." becomes "/a/").
	 * @throws BadRequestException with {@link Rejection#BAD_PATH} if the path does not
	 * start with '/', holds a bad escape, non-UTF-8 bytes, an encoded slash, a backslash
	 * or a control character, or climbs above the root
	 */
	public static String decodePath(String rawPath) {
		if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
			throw new BadRequestException(Rejection.BAD_PATH, "path does not start with /");
		}
		if (isPlain(rawPath)) {
			return rawPath;
		}
		byte[] decoded = new byte[rawPath.length()];
		int length = percentDecode(rawPath, decoded, true);
		if (!Utf8.isValid(decoded, length)) {
			throw new BadRequestException(Rejection.BAD_PATH, "path is not UTF-8");
		}
		byte[] normalized = new byte[length + 1];
		int normalizedLength = removeDotSegments(decoded, length, normalized);
		return new String(normalized, 0, normalizedLength, StandardCharsets.UTF_8);
	}

	/**
	 * Decodes one component of an application/x-www-form-urlencoded query: '+' is a
	 * space, %XX are UTF-8 bytes.
	 * @throws BadRequestException with {@link Rejection#BAD_TARGET} on a bad escape, a
	 * decoded byte sequence that is not UTF-8, or a character outside US-ASCII in the
	 * (supposedly encoded) input
	 */
	public static String decodeQueryComponent(String raw) {
		if (isPlainQuery(raw)) {
			return raw;
		}
		byte[] decoded = new byte[raw.length()];
		int length = percentDecode(raw, decoded, false);
		if (!Utf8.isValid(decoded, length)) {
			throw new BadRequestException(Rejection.BAD_TARGET, "query is not UTF-8");
		}
		return new String(decoded, 0, length, StandardCharsets.UTF_8);
	}

	/**
	 * Whether the path needs no decoding and no normalization, so the common case
	 * allocates nothing.
	 */
	private static boolean isPlain(String raw) {
		int segmentStart = 1;
		for (int i = 1; i <= raw.length(); i++) {
			char c = i < raw.length() ? raw.charAt(i) : '/';
			if (c == '/') {
				int segmentLength = i - segmentStart;
				if ((segmentLength == 0 && i < raw.length()) || isDots(raw, segmentStart, segmentLength)) {
					return false;
				}
				segmentStart = i + 1;
			}
			else if (c == '%' || c == '\\' || c <= 0x20 || c >= 0x7F) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDots(String raw, int start, int length) {
		return (length == 1 && raw.charAt(start) == '.')
				|| (length == 2 && raw.charAt(start) == '.' && raw.charAt(start + 1) == '.');
	}

	private static boolean isPlainQuery(String raw) {
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%' || c == '+' || c >= 0x80) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Decodes into out and returns the length; path mode applies the path's extra
	 * prohibitions.
	 */
	private static int percentDecode(String raw, byte[] out, boolean path) {
		Rejection rejection = path ? Rejection.BAD_PATH : Rejection.BAD_TARGET;
		int length = 0;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			int b;
			if (c == '%') {
				b = escapedByte(raw, i, rejection);
				i += 2;
				if (path && b == '/') {
					throw new BadRequestException(rejection, "encoded slash in path");
				}
			}
			else if (c >= 0x80) {
				throw new BadRequestException(rejection, "unencoded non-ASCII character");
			}
			else {
				b = !path && c == '+' ? ' ' : c;
			}
			if (path && (b < 0x20 || b == 0x7F || b == '\\' || (b == ' ' && c != '%'))) {
				throw new BadRequestException(rejection, "control character, space or backslash in path");
			}
			out[length++] = (byte) b;
		}
		return length;
	}

	private static int escapedByte(String raw, int percent, Rejection rejection) {
		if (percent + 2 >= raw.length()) {
			throw new BadRequestException(rejection, "truncated percent escape");
		}
		int high = Chars.hexValue(raw.charAt(percent + 1));
		int low = Chars.hexValue(raw.charAt(percent + 2));
		if (high < 0 || low < 0) {
			throw new BadRequestException(rejection, "bad percent escape");
		}
		return high << 4 | low;
	}

	/**
	 * Copies the decoded path to out without empty, "." and ".." segments; returns the
	 * length. A ".." removes the segment before it, and is refused when there is none.
	 */
	private static int removeDotSegments(byte[] in, int length, byte[] out) {
		int written = 0;
		boolean trailingSlash = false;
		int segmentStart = 1;
		for (int i = 1; i <= length; i++) {
			if (i < length && in[i] != '/') {
				continue;
			}
			int segmentLength = i - segmentStart;
			if (segmentLength == 0 || isDots(in, segmentStart, segmentLength, 1)) {
				trailingSlash = true;
			}
			else if (isDots(in, segmentStart, segmentLength, 2)) {
				written = parentOf(out, written);
				trailingSlash = true;
			}
			else {
				out[written++] = '/';
				System.arraycopy(in, segmentStart, out, written, segmentLength);
				written += segmentLength;
				trailingSlash = false;
			}
			segmentStart = i + 1;
		}
		if (written == 0 || trailingSlash) {
			out[written++] = '/';
		}
		return written;
	}

	private static boolean isDots(byte[] in, int start, int length, int dots) {
		return length == dots && in[start] == '.' && (dots == 1 || in[start + 1] == '.');
	}

	private static int parentOf(byte[] out, int written) {
		if (written == 0) {
			throw new BadRequestException(Rejection.BAD_PATH, "path climbs above the root");
		}
		int slash = written - 1;
		while (out[slash] != '/') {
			slash--;
		}
		return slash;
	}

}
