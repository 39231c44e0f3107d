package dev.webserv.parser;

import static dev.webserv.parser.Chars.SP;

import dev.webserv.Headers;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of one request head, copied once as the parser accepts them (CR and LF are
 * not kept): the request line, then the field lines back to back, each remembered by
 * where its colon is and where it ends. Strings are made only when asked for, through the
 * loop's {@link StringCache}.
 *
 * <p>
 * The array grows on demand up to {@code capacityLimit} (the parser's limits keep every
 * head within it) and shrinks back on {@link #reset()} after an unusually large head. Not
 * thread-safe: one per parser.
 */
final class HeadBytes {

	private static final int INITIAL_CAPACITY = 512;

	/** Keep the array across requests unless one unusual head grew it past this. */
	private static final int KEPT_CAPACITY = 16 * 1024;

	private final int capacityLimit;

	private final StringCache strings;

	private byte[] bytes;

	private int length;

	/** where the field lines begin: just after the request line */
	private int fieldsStart;

	/**
	 * per field line: the index of its colon, then the index just after it (lines are
	 * stored back to back)
	 */
	private int[] fieldMarks = new int[16];

	private int fieldCount;

	HeadBytes(int capacityLimit, StringCache strings) {
		this.capacityLimit = capacityLimit;
		this.strings = strings;
		this.bytes = new byte[Math.min(INITIAL_CAPACITY, capacityLimit)];
	}

	/** Bytes stored so far. */
	int length() {
		return length;
	}

	/** Field lines completed so far. */
	int fieldCount() {
		return fieldCount;
	}

	void store(byte b) {
		if (length == bytes.length) {
			ensureCapacity(length + 1);
		}
		bytes[length++] = b;
	}

	/** Copies {@code run} bytes from {@code in}. */
	void store(ByteBuffer in, int run) {
		ensureCapacity(length + run);
		in.get(bytes, length, run);
		length += run;
	}

	/**
	 * The request line stored so far, judged; field lines follow it.
	 * @param methodEnd where the SP after the method is
	 * @param targetEnd where the SP after the target is
	 */
	RequestLine requestLine(int methodEnd, int targetEnd) {
		RequestLine line = RequestLine.parse(bytes, methodEnd, targetEnd, length, strings);
		fieldsStart = length;
		return line;
	}

	/** A field line's colon is the next byte to be stored. */
	void colon() {
		if (fieldCount * 2 == fieldMarks.length) {
			fieldMarks = Arrays.copyOf(fieldMarks, fieldMarks.length * 2);
		}
		fieldMarks[fieldCount * 2] = length;
	}

	/** The current field line is complete. */
	void endField() {
		fieldMarks[fieldCount * 2 + 1] = length;
		fieldCount++;
	}

	/** The field lines as headers, values trimmed of OWS, decoded as ISO-8859-1. */
	Headers headers() {
		Headers headers = new Headers(Math.max(fieldCount, 1));
		int start = fieldsStart;
		for (int i = 0; i < fieldCount; i++) {
			int colon = fieldMarks[i * 2];
			int end = fieldMarks[i * 2 + 1];
			headers.add(strings.latin1(bytes, start, colon), value(colon + 1, end));
			start = end;
		}
		return headers;
	}

	void reset() {
		length = 0;
		fieldCount = 0;
		fieldsStart = 0;
		if (bytes.length > KEPT_CAPACITY) {
			bytes = new byte[Math.min(INITIAL_CAPACITY, capacityLimit)];
		}
	}

	private String value(int from, int to) {
		while (from < to && isOws(bytes[from])) {
			from++;
		}
		while (to > from && isOws(bytes[to - 1])) {
			to--;
		}
		return strings.latin1(bytes, from, to);
	}

	private static boolean isOws(byte b) {
		return b == SP || b == Chars.HTAB;
	}

	/**
	 * Grows the array; the limits the parser checks keep every request within
	 * capacityLimit.
	 */
	private void ensureCapacity(int needed) {
		if (needed > bytes.length) {
			long doubled = Math.max((long) bytes.length * 2, needed);
			bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, capacityLimit));
		}
	}

}
