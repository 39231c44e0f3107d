package dev.webserv.parser;

import static dev.webserv.parser.Chars.CR;
import static dev.webserv.parser.Chars.LF;
import static dev.webserv.parser.Chars.SP;

import java.nio.ByteBuffer;

/**
 * Incremental, strict parser of an HTTP/1.1 request head (RFC 9112 §2-§5), fed whatever
 * bytes have arrived. The head's bytes are kept by {@link HeadBytes}; this class judges
 * them.
 *
 * <p>
 * Each byte is checked as it arrives, so a bad request is refused as early as possible
 * and a split at any byte (inside a CRLF too) changes nothing. One exception: a head that
 * arrives whole with the very bytes of the last head its array remembers, under the same
 * limits, is that head again, recalled by one comparison (see {@link HeadBytes}). The
 * head's bytes are copied once, into one array bounded by
 * {@code maxRequestLineLength + maxHeaderSize} (CR and LF are not kept); Strings are made
 * when the request line is complete (so 414/501/505 need not wait for the headers) and
 * when the head is.
 *
 * <p>
 * Choices where the brief or the RFCs leave room:
 * <ul>
 * <li>Up to 8 empty lines before the request line are skipped (RFC 9112 §2.2); they do
 * not make the connection {@linkplain #inProgress() busy}. A ninth is 400.</li>
 * <li>A bare LF is refused everywhere, a CR not followed by LF is
 * {@link Rejection#BARE_CR}.</li>
 * <li>The request line's length excludes its CRLF; exceeding it is 414 as soon as the
 * byte arrives, whichever part of the line is long.</li>
 * <li>The header section's size counts every field line with its CRLF, not the final
 * empty line; exceeding it is 431 at once. One field more than the count limit is 431 as
 * soon as its colon arrives.</li>
 * <li>The version is judged before the method: "PRI * HTTP/2.0" (the HTTP/2 preface) is
 * 505.</li>
 * <li>Field values are trimmed of OWS and decoded as ISO-8859-1, so obs-text bytes
 * survive one to one.</li>
 * </ul>
 * Target, path, Host and framing rules are documented where they are enforced:
 * {@code RequestTarget}, {@link PathDecoder}, {@code HostSyntax} and
 * {@code HeadValidator}.
 *
 * <p>
 * Not thread-safe: one parser per connection, {@link #reset()} between requests.
 */
public final class RequestParser {

	private enum State {

		/** before a request: only empty lines so far */
		IDLE,
		/** the CR of an empty line before a request */
		IDLE_LF, METHOD, TARGET, VERSION,
		/** the CR ending the request line */
		LINE_LF,
		/** field lines, byte grammar delegated to {@link FieldLineScanner} */
		FIELDS, DONE, FAILED

	}

	private static final int MAX_EMPTY_LINES = 8;

	private final int maxRequestLineLength;

	private final int maxHeaderSize;

	private final int maxHeaderCount;

	private State state = State.IDLE;

	private Rejection failure;

	private final HeadBuffers buffers;

	/** borrowed from {@link #buffers} on a request's first byte; null while idle */
	private HeadBytes head;

	private int emptyLines;

	/** where the request line began in the buffer of the read that began it */
	private int lineStart;

	public RequestParser(int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount) {
		this(maxRequestLineLength, maxHeaderSize, maxHeaderCount, new HeadBuffers(new StringCache()));
	}

	/**
	 * A parser that takes its head arrays and Strings from those shared by the
	 * connections of one event loop.
	 */
	public RequestParser(int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount, HeadBuffers buffers) {
		this.buffers = buffers;
		if (maxRequestLineLength <= 0 || maxHeaderSize <= 0 || maxHeaderCount <= 0) {
			throw new IllegalArgumentException("limits must be positive");
		}
		if ((long) maxRequestLineLength + maxHeaderSize > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("maxRequestLineLength + maxHeaderSize too large");
		}
		this.maxRequestLineLength = maxRequestLineLength;
		this.maxHeaderSize = maxHeaderSize;
		this.maxHeaderCount = maxHeaderCount;
	}

	/**
	 * Consumes bytes of a request head from {@code in}.
	 * @return the head once its empty line has been consumed ({@code in} is then
	 * positioned on the first byte after it: body or next request), or null when every
	 * byte was consumed and more are needed
	 * @throws BadRequestException on any violation; the parser then keeps refusing until
	 * {@link #reset()}
	 * @throws IllegalStateException when a head was already returned and {@link #reset()}
	 * was not called
	 */
	public RequestHead parse(ByteBuffer in) {
		if (state == State.DONE) {
			throw new IllegalStateException("head already parsed; call reset() first");
		}
		if (state == State.FAILED) {
			throw new BadRequestException(failure);
		}
		if (head == null) {
			head = buffers.take(maxRequestLineLength + maxHeaderSize);
		}
		boolean fresh = state == State.IDLE || state == State.IDLE_LF;
		if (state == State.IDLE) {
			RequestHead same = head.recallWire(in, maxRequestLineLength, maxHeaderSize, maxHeaderCount);
			if (same != null) {
				state = State.DONE;
				return same;
			}
		}
		try {
			while (in.hasRemaining()) {
				step(in);
				if (state == State.DONE) {
					return complete(fresh ? in : null);
				}
			}
			if (state == State.IDLE || state == State.IDLE_LF) {
				giveBack(); // only empty lines so far: an idle connection holds no array
			}
			return null;
		}
		catch (BadRequestException e) {
			state = State.FAILED;
			failure = e.rejection();
			throw e;
		}
	}

	/**
	 * The head just completed: the one remembered when it is the same, else judged. When
	 * it came whole in {@code in} (else null), its wire bytes are remembered with it.
	 */
	private RequestHead complete(ByteBuffer in) {
		RequestHead done = head.recalled();
		if (done == null) {
			StringCache strings = buffers.strings();
			done = HeadValidator.validate(head.line, head.headers(strings), strings);
			head.remember(head.line, done);
		}
		if (in != null) {
			head.rememberWire(in, lineStart, in.position(), maxRequestLineLength, maxHeaderSize, maxHeaderCount);
		}
		return done;
	}

	private void giveBack() {
		if (head != null) {
			buffers.give(head);
			head = null;
		}
	}

	/**
	 * Whether a request has begun (beyond leading empty lines) and its head is not
	 * complete.
	 */
	public boolean inProgress() {
		return switch (state) {
			case METHOD, TARGET, VERSION, LINE_LF, FIELDS -> true;
			default -> false;
		};
	}

	/** Makes the parser ready for the next request on the same connection. */
	public void reset() {
		state = State.IDLE;
		failure = null;
		emptyLines = 0;
		giveBack();
	}

	/**
	 * Runs the current state's method, which consumes at least one byte (a run of them
	 * where it can).
	 */
	private void step(ByteBuffer in) {
		switch (state) {
			case IDLE -> idle(in);
			case IDLE_LF -> idleLf(in.get());
			case METHOD -> method(in);
			case TARGET -> target(in);
			case VERSION -> version(in);
			case LINE_LF -> lineLf(in.get());
			case FIELDS -> fields(in);
			default -> throw new IllegalStateException(state.name());
		}
	}

	/** Skips an empty line's CR; any other byte is left for METHOD. */
	private void idle(ByteBuffer in) {
		byte b = in.get(in.position());
		if (b == CR) {
			in.get();
			state = State.IDLE_LF;
		}
		else if (b == LF) {
			throw new BadRequestException(Rejection.BAD_REQUEST_LINE, "bare LF before the request line");
		}
		else {
			lineStart = in.position();
			state = State.METHOD;
		}
	}

	private void idleLf(byte b) {
		if (b != LF) {
			throw new BadRequestException(Rejection.BARE_CR, "CR not followed by LF before the request line");
		}
		if (++emptyLines > MAX_EMPTY_LINES) {
			throw new BadRequestException(Rejection.BAD_REQUEST_LINE, "too many empty lines before the request");
		}
		state = State.IDLE;
	}

	private void method(ByteBuffer in) {
		while (in.hasRemaining()) {
			byte b = in.get();
			if (!Chars.isTchar(b)) {
				endMethod(b);
				return;
			}
			storeLineByte(b);
		}
	}

	private void endMethod(byte b) {
		if (b == SP && head.length() > 0) {
			head.methodEnd = head.length();
			storeLineByte(b);
			state = State.TARGET;
		}
		else if (b == SP || b == CR || b == LF) {
			throw new BadRequestException(Rejection.BAD_REQUEST_LINE,
					"request-line is not method SP target SP version");
		}
		else {
			throw new BadRequestException(Rejection.BAD_METHOD, "method is not a token");
		}
	}

	private void target(ByteBuffer in) {
		while (in.hasRemaining()) {
			byte b = in.get();
			if (!Chars.isVisible(b)) {
				endTarget(b);
				return;
			}
			storeLineByte(b);
		}
	}

	private void endTarget(byte b) {
		if (b == SP && head.length() > head.methodEnd + 1) {
			head.targetEnd = head.length();
			storeLineByte(b);
			state = State.VERSION;
		}
		else if (b == SP || b == CR || b == LF) {
			// an empty target, a second SP, or an HTTP/0.9 line without version
			throw new BadRequestException(Rejection.BAD_REQUEST_LINE,
					"request-line is not method SP target SP version");
		}
		else {
			throw new BadRequestException(Rejection.BAD_TARGET,
					"request-target holds a byte that is not visible ASCII");
		}
	}

	private void version(ByteBuffer in) {
		while (in.hasRemaining()) {
			byte b = in.get();
			if (!Chars.isVisible(b)) {
				endVersion(b);
				return;
			}
			storeLineByte(b);
		}
	}

	private void endVersion(byte b) {
		if (b == CR) {
			state = State.LINE_LF;
		}
		else if (b == SP || b == LF) {
			throw new BadRequestException(Rejection.BAD_REQUEST_LINE,
					"request-line is not method SP target SP version");
		}
		else {
			throw new BadRequestException(Rejection.BAD_VERSION, "control byte in HTTP-version");
		}
	}

	private void lineLf(byte b) {
		if (b != LF) {
			throw new BadRequestException(Rejection.BARE_CR, "CR not followed by LF after the request line");
		}
		head.line = head.requestLine(head.methodEnd, head.targetEnd, buffers.strings());
		state = State.FIELDS;
	}

	private void fields(ByteBuffer in) {
		while (in.hasRemaining() && state == State.FIELDS) {
			int run = head.fieldLines().valueRun(in);
			if (run > 0) {
				storeFieldRun(in, run);
				continue;
			}
			byte b = in.get();
			FieldLineScanner.Event event = head.fieldLines().accept(b);
			if (event == FieldLineScanner.Event.NAME || event == FieldLineScanner.Event.VALUE) {
				storeFieldByte(b);
			}
			else {
				fieldBoundary(event, b);
			}
		}
	}

	private void fieldBoundary(FieldLineScanner.Event event, byte b) {
		switch (event) {
			case COLON -> {
				markField();
				storeFieldByte(b);
			}
			case LINE_CR -> countFieldByte();
			case LINE_END -> {
				countFieldByte();
				head.endField();
			}
			case SECTION_END -> state = State.DONE;
			default -> {
			} // BLANK_CR; NAME and VALUE never get here
		}
	}

	private void storeLineByte(byte b) {
		if (head.length() == maxRequestLineLength) {
			throw new BadRequestException(Rejection.URI_TOO_LONG);
		}
		head.store(b);
	}

	private void storeFieldByte(byte b) {
		countFieldByte();
		head.store(b);
	}

	/**
	 * Copies a run of value bytes the scanner has vouched for; refuses it whole if it
	 * crosses the limit.
	 */
	private void storeFieldRun(ByteBuffer in, int run) {
		if (head.headerSize + run > maxHeaderSize) {
			throw new BadRequestException(Rejection.HEADERS_TOO_LARGE, "header section larger than the limit");
		}
		head.headerSize += run;
		head.store(in, run);
	}

	private void countFieldByte() {
		if (++head.headerSize > maxHeaderSize) {
			throw new BadRequestException(Rejection.HEADERS_TOO_LARGE, "header section larger than the limit");
		}
	}

	private void markField() {
		if (head.fieldCount() == maxHeaderCount) {
			throw new BadRequestException(Rejection.HEADERS_TOO_LARGE, "more header fields than the limit");
		}
		head.colon();
	}

}
