package dev.webserv.bench.tools;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds where each HTTP/1.1 response on a keep-alive connection ends, parsing no more
 * than that takes: the status code, {@code Content-Length} and the blank line; the body
 * is skipped. A response without a Content-Length (chunked, or closed-delimited) is
 * refused: the hello servers all send one. Bytes in, no socket: any split of the input
 * frames the same.
 */
final class ResponseFramer {

	/**
	 * Longest head accepted, and the part of each line kept (enough for the fields read).
	 */
	private static final int MAX_HEAD = 16 * 1024;

	private static final int KEPT = 64;

	private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

	private enum State {

		HEAD, BODY

	}

	private final byte[] line = new byte[KEPT];

	private State state = State.HEAD;

	private int lineLength;

	private int headLength;

	private boolean statusRead;

	private int status;

	private long contentLength = -1;

	private long bodyLeft;

	/**
	 * Consumes bytes up to the end of the response under way; true once it is complete
	 * (the bytes after it stay in {@code in}). {@link #status()} then gives its status.
	 * @throws ProtocolException when the bytes are not a response it can frame
	 */
	boolean consume(ByteBuffer in) throws ProtocolException {
		while (in.hasRemaining()) {
			boolean done = (state == State.HEAD) ? head(in) : body(in);
			if (done) {
				state = State.HEAD;
				statusRead = false;
				contentLength = -1;
				headLength = 0;
				return true;
			}
		}
		return false;
	}

	/** The status code of the last complete response. */
	int status() {
		return status;
	}

	private boolean head(ByteBuffer in) throws ProtocolException {
		while (in.hasRemaining()) {
			byte b = in.get();
			if (++headLength > MAX_HEAD) {
				throw new ProtocolException("response head longer than " + MAX_HEAD + " bytes");
			}
			if (b != '\n') {
				if (lineLength < KEPT) {
					line[lineLength] = b;
				}
				lineLength++;
				continue;
			}
			boolean whole = lineLength <= KEPT;
			int length = Math.min(lineLength, KEPT);
			if (whole && length > 0 && line[length - 1] == '\r') {
				length--;
			}
			lineLength = 0;
			if (length == 0 && statusRead) {
				return endOfHead();
			}
			headerLine(length, whole);
		}
		return false;
	}

	private void headerLine(int length, boolean whole) throws ProtocolException {
		if (!statusRead) {
			// HTTP/1.1 200 ...
			if (length < 12 || line[0] != 'H' || line[8] != ' ' || !digits(9, 12)) {
				throw new ProtocolException("not a status line");
			}
			status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
			statusRead = true;
		}
		else if (startsWithIgnoringCase(length, CONTENT_LENGTH)) {
			if (!whole) {
				throw new ProtocolException("Content-Length line longer than " + KEPT + " bytes");
			}
			contentLength = number(CONTENT_LENGTH.length, length);
		}
	}

	private boolean endOfHead() throws ProtocolException {
		if (contentLength < 0) {
			throw new ProtocolException("a response without Content-Length");
		}
		bodyLeft = contentLength;
		state = State.BODY;
		return bodyLeft == 0;
	}

	private boolean body(ByteBuffer in) {
		int skip = (int) Math.min(bodyLeft, in.remaining());
		in.position(in.position() + skip);
		bodyLeft -= skip;
		return bodyLeft == 0;
	}

	private boolean digits(int from, int to) {
		for (int i = from; i < to; i++) {
			if (line[i] < '0' || line[i] > '9') {
				return false;
			}
		}
		return true;
	}

	private boolean startsWithIgnoringCase(int length, byte[] prefix) {
		if (length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			byte b = line[i];
			if (((b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private long number(int from, int to) throws ProtocolException {
		long value = 0;
		int digits = 0;
		for (int i = from; i < to; i++) {
			byte b = line[i];
			if (b >= '0' && b <= '9' && digits < 18) {
				value = value * 10 + (b - '0');
				digits++;
			}
			else if (b != ' ' && b != '\t') {
				throw new ProtocolException("bad Content-Length");
			}
		}
		if (digits == 0) {
			throw new ProtocolException("empty Content-Length");
		}
		return value;
	}

}
