package dev.webserv.files;

/**
 * One byte range of a file, read from a Range header (RFC 9110 §14.1.2):
 * "bytes=first-last", "bytes=first-" or "bytes=-suffix". Several ranges are answered with
 * the whole file (a server may ignore Range, and a multipart/byteranges body buys
 * little), so only a single range is parsed.
 *
 * @param first the first byte offset
 * @param last the last byte offset, inclusive
 */
public record ByteRange(long first, long last) {

	/** The Range header asks for bytes the file does not have: 416. */
	public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

	private static final String UNIT = "bytes=";

	public long length() {
		return last - first + 1;
	}

	/** The Content-Range value for a 206. */
	public String contentRange(long size) {
		return "bytes " + first + "-" + last + "/" + size;
	}

	/** The Content-Range value for a 416. */
	public static String unsatisfiedRange(long size) {
		return "bytes */" + size;
	}

	/**
	 * Reads a Range header against a file of {@code size} bytes.
	 * @return the range; {@link #UNSATISFIABLE}; or null to send the whole file (no
	 * header, another unit, bad syntax or several ranges)
	 */
	public static ByteRange parse(String header, long size) {
		if (header == null || !header.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
			return null;
		}
		String spec = header.substring(UNIT.length()).trim();
		if (spec.indexOf(',') >= 0) {
			return null;
		}
		int dash = spec.indexOf('-');
		if (dash < 0) {
			return null;
		}
		long first = number(spec.substring(0, dash).trim());
		long last = number(spec.substring(dash + 1).trim());
		if (dash == 0) {
			return suffix(last, size);
		}
		if (first < 0 || dash < spec.length() - 1 && (last < 0 || last < first)) {
			return null;
		}
		if (first >= size) {
			return UNSATISFIABLE;
		}
		long end = dash == spec.length() - 1 ? size - 1 : Math.min(last, size - 1);
		return new ByteRange(first, end);
	}

	private static ByteRange suffix(long length, long size) {
		if (length < 0) {
			return null;
		}
		if (length == 0 || size == 0) {
			return UNSATISFIABLE;
		}
		return new ByteRange(Math.max(0, size - length), size - 1);
	}

	/**
	 * A non-negative decimal, Long.MAX_VALUE when it overflows, -1 when it is not one.
	 */
	private static long number(String text) {
		if (text.isEmpty()) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
				return Long.MAX_VALUE;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}
}
