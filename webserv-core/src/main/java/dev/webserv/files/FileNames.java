package dev.webserv.files;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names for stored uploads: a client's name made safe, a numbered alternative on a clash,
 * a generated one.
 */
public final class FileNames {

	/** Well under the 255 bytes most file systems allow, leaving room for "-999". */
	private static final int MAX_BYTES = 200;

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

	private static final SecureRandom RANDOM = new SecureRandom();

	private FileNames() {
	}

	/**
	 * A client's file name made safe to store and to serve: its last path segment
	 * (browsers have sent "C:\dir\a.txt"), letters, digits and {@code . - _ + @ ( )}
	 * kept, anything else '_', no leading or trailing dots or spaces (so never hidden,
	 * never "." or ".."), at most 200 bytes of UTF-8.
	 * @return the safe name, or null if nothing usable is left
	 */
	public static String sanitize(String name) {
		if (name == null) {
			return null;
		}
		String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		StringBuilder safe = new StringBuilder(last.length());
		last.codePoints().forEach(c -> safe.appendCodePoint(allowed(c) ? c : '_'));
		String trimmed = trim(safe.toString());
		return trimmed.isEmpty() ? null : shorten(trimmed);
	}

	private static boolean allowed(int c) {
		return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '@' || c == '('
				|| c == ')' || c == ' ';
	}

	private static String trim(String name) {
		int start = 0;
		int end = name.length();
		while (start < end && (name.charAt(start) == '.' || name.charAt(start) == ' ')) {
			start++;
		}
		while (end > start && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
			end--;
		}
		return name.substring(start, end);
	}

	/**
	 * Cuts the stem, keeping the extension, until the name fits in {@link #MAX_BYTES}.
	 */
	private static String shorten(String name) {
		if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
		String stem = name.substring(0, name.length() - extension.length());
		while ((stem + extension).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
		}
		return stem + extension;
	}

	/** The n-th alternative for a taken name: "a.tar.gz" -> "a-1.tar.gz". */
	public static String numbered(String name, int n) {
		int dot = name.indexOf('.', 1);
		return dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
	}

	/**
	 * A name taken too often: a random suffix where a number would go, "a.txt" ->
	 * "a-3f9c1a2b.txt".
	 */
	public static String randomized(String name) {
		byte[] random = new byte[4];
		RANDOM.nextBytes(random);
		int dot = name.indexOf('.', 1);
		String suffix = "-" + HexFormat.of().formatHex(random);
		return dot < 0 ? name + suffix : name.substring(0, dot) + suffix + name.substring(dot);
	}

	/**
	 * A fresh name for a body that came without one: "upload-20250101-120000-1a2b3c.txt".
	 */
	public static String generated(String extension) {
		byte[] random = new byte[3];
		RANDOM.nextBytes(random);
		return "upload-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(random)
				+ extension;
	}

}
