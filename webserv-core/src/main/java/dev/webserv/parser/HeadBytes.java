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
 * It also remembers the last head it held whole and valid ({@link #remember}): while
 * every byte and boundary stored for the next head is the same as that head's, nothing is
 * overwritten, and a head that ends up identical is answered with the same immutable
 * {@link RequestHead} (its headers are read-only), with no String or object made. A
 * keep-alive client tends to repeat its heads; any difference simply makes a new one.
 * When that head came whole in one read, its wire bytes are kept too (up to
 * {@value #WIRE_KEPT} of them): a next head with the very same bytes, under the same
 * limits, is recalled by one comparison before any byte is judged ({@link #recallWire}).
 *
 * <p>
 * The array grows on demand up to {@code capacityLimit} (the parser's limits keep every
 * head within it) and shrinks back on {@link #reset()} after an unusually large head. A
 * parser borrows one from its loop's {@link HeadBuffers} while a head is under way, so an
 * idle connection holds none. Not thread-safe: one parser at a time.
 */
final class HeadBytes {

	private static final int INITIAL_CAPACITY = 512;

	/** Keep the array across requests unless one unusual head grew it past this. */
	private static final int KEPT_CAPACITY = 16 * 1024;

	/** The longest head whose wire bytes are kept for {@link #recallWire}. */
	static final int WIRE_KEPT = 1024;

	private final int capacityLimit;

	/** the field section's byte grammar, for the head under way */
	private final FieldLineScanner fieldLines = new FieldLineScanner();

	// the parser's marks in the head under way, kept here so an idle parser holds none

	/** where the SP after the method is */
	int methodEnd;

	/** where the SP after the target is */
	int targetEnd;

	/** the request line once judged */
	RequestLine line;

	/** bytes of field lines so far, CRLFs included */
	int headerSize;

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

	/**
	 * The last head held whole: while not null, bytes[0, lastLength) and the marks of its
	 * lastFieldCount fields are still its own.
	 */
	private RequestHead lastHead;

	private RequestLine lastLine;

	private int lastLength;

	private int lastFieldsStart;

	private int lastFieldCount;

	/**
	 * The remembered head's wire bytes, CRLFs included, in wire[0, wireLength) (0: none),
	 * and the parser's limits it was judged under.
	 */
	private byte[] wire = new byte[0];

	private ByteBuffer wireView = ByteBuffer.wrap(wire);

	private int wireLength;

	private int wireLineLimit;

	private int wireSizeLimit;

	private int wireCountLimit;

	HeadBytes(int capacityLimit) {
		this.capacityLimit = capacityLimit;
		this.bytes = new byte[Math.min(INITIAL_CAPACITY, capacityLimit)];
	}

	int capacityLimit() {
		return capacityLimit;
	}

	FieldLineScanner fieldLines() {
		return fieldLines;
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
		if (lastHead != null && length < lastLength && bytes[length] != b) {
			forget();
		}
		bytes[length++] = b;
	}

	/** Copies {@code run} bytes from {@code in}. */
	void store(ByteBuffer in, int run) {
		ensureCapacity(length + run);
		if (lastHead != null && length < lastLength) {
			int compared = Math.min(run, lastLength - length);
			int at = in.position();
			for (int i = 0; i < compared; i++) {
				if (in.get(at + i) != bytes[length + i]) {
					forget();
					break;
				}
			}
		}
		in.get(bytes, length, run);
		length += run;
	}

	/**
	 * The request line stored so far, judged (the remembered head's when it is the same);
	 * field lines follow it.
	 * @param methodEnd where the SP after the method is
	 * @param targetEnd where the SP after the target is
	 * @param strings where its Strings come from
	 */
	RequestLine requestLine(int methodEnd, int targetEnd, StringCache strings) {
		RequestLine line = lastHead != null && length == lastFieldsStart ? lastLine
				: RequestLine.parse(bytes, methodEnd, targetEnd, length, strings);
		fieldsStart = length;
		return line;
	}

	/** A field line's colon is the next byte to be stored. */
	void colon() {
		if (fieldCount * 2 == fieldMarks.length) {
			fieldMarks = Arrays.copyOf(fieldMarks, fieldMarks.length * 2);
		}
		mark(fieldCount * 2, length);
	}

	/** The current field line is complete. */
	void endField() {
		mark(fieldCount * 2 + 1, length);
		fieldCount++;
	}

	/** The remembered head, when the head just completed is the same; else null. */
	RequestHead recalled() {
		boolean same = lastHead != null && length == lastLength && fieldsStart == lastFieldsStart
				&& fieldCount == lastFieldCount;
		return same ? lastHead : null;
	}

	/** Remembers the head just completed, valid, for the next one. */
	void remember(RequestLine line, RequestHead head) {
		lastHead = head;
		lastLine = line;
		lastLength = length;
		lastFieldsStart = fieldsStart;
		lastFieldCount = fieldCount;
	}

	/**
	 * The remembered head, when {@code in} begins with its very wire bytes and the limits
	 * are those it was judged under: {@code in} is then moved past them. Else null, with
	 * {@code in} untouched.
	 */
	RequestHead recallWire(ByteBuffer in, int lineLimit, int sizeLimit, int countLimit) {
		int length = wireLength;
		if (length == 0 || lastHead == null || in.remaining() < length || lineLimit != wireLineLimit
				|| sizeLimit != wireSizeLimit || countLimit != wireCountLimit) {
			return null;
		}
		int at = in.position();
		int limit = in.limit();
		in.limit(at + length);
		int mismatch = in.mismatch(wireView);
		in.limit(limit);
		if (mismatch >= 0) {
			return null;
		}
		in.position(at + length);
		return lastHead;
	}

	/**
	 * Keeps in[from, to), the wire bytes of the head just remembered, which came whole in
	 * one read, and the limits it was judged under.
	 */
	void rememberWire(ByteBuffer in, int from, int to, int lineLimit, int sizeLimit, int countLimit) {
		int length = to - from;
		if (lastHead == null || length > WIRE_KEPT) {
			wireLength = 0;
			return;
		}
		if (wire.length < length) {
			wire = new byte[Math.max(length, 128)];
			wireView = ByteBuffer.wrap(wire);
		}
		in.get(from, wire, 0, length);
		wireView.limit(length);
		wireLength = length;
		wireLineLimit = lineLimit;
		wireSizeLimit = sizeLimit;
		wireCountLimit = countLimit;
	}

	/**
	 * The field lines as read-only headers, values trimmed of OWS, decoded as ISO-8859-1.
	 */
	Headers headers(StringCache strings) {
		Headers headers = new Headers(Math.max(fieldCount, 1));
		int start = fieldsStart;
		for (int i = 0; i < fieldCount; i++) {
			int colon = fieldMarks[i * 2];
			int end = fieldMarks[i * 2 + 1];
			headers.add(strings.latin1(bytes, start, colon), value(colon + 1, end, strings));
			start = end;
		}
		return headers.readOnly();
	}

	void reset() {
		fieldLines.reset();
		methodEnd = 0;
		targetEnd = 0;
		line = null;
		headerSize = 0;
		length = 0;
		fieldCount = 0;
		fieldsStart = 0;
		if (bytes.length > KEPT_CAPACITY) {
			forget();
			bytes = new byte[Math.min(INITIAL_CAPACITY, capacityLimit)];
		}
	}

	private void mark(int index, int value) {
		if (lastHead != null && index < lastFieldCount * 2 && fieldMarks[index] != value) {
			forget();
		}
		fieldMarks[index] = value;
	}

	private void forget() {
		lastHead = null;
		lastLine = null;
		wireLength = 0;
	}

	private String value(int from, int to, StringCache strings) {
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
