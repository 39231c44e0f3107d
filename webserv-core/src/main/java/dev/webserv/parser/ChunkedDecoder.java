package dev.webserv.parser;

import static dev.webserv.parser.Chars.CR;
import static dev.webserv.parser.Chars.LF;

import java.nio.ByteBuffer;

/**
 * Incremental decoder of the chunked transfer coding (RFC 9112 §7.1). Zero-copy: data
 * comes back as slices of the caller's buffer, valid until the caller reuses that buffer.
 *
 * <pre>
 * while ((data = decoder.next(in)) != null) sink(data);
 * if (decoder.isDone()) ... // in is positioned after the body: pipelined bytes remain
 * </pre>
 *
 * <p>
 * Strict where the grammar allows slack, because a lenient chunk parser behind a strict
 * proxy (or the other way round) is a classic smuggling vector:
 * <ul>
 * <li>chunk-size is 1*HEXDIG: no sign, no "0x", no whitespace anywhere in the line (the
 * grammar's BWS around extensions is refused too), at most 15 significant digits (leading
 * zeros are free), so it never overflows a long.</li>
 * <li>chunk-ext ({@code ;name[=token|quoted-string]}) is checked and ignored. The
 * chunk-size line, extensions included and CRLF excluded, may not exceed
 * {@code maxChunkLineLength}; the extensions of all chunks of a body together may not
 * exceed {@value #MAX_EXTENSION_BYTES} bytes (400 {@link Rejection#BAD_CHUNK}).</li>
 * <li>Chunk data must be followed by exactly CRLF; a bare LF or a CR without LF anywhere
 * in the framing is {@link Rejection#BAD_CHUNK}.</li>
 * <li>Trailer fields go through the same byte rules as header fields
 * ({@code FieldLineScanner}, so their violations carry the header rejections), then are
 * dropped: a trailer never sets Content-Length, Host, Connection or anything else. The
 * trailer section's size, counted like the header section's (field lines with their CRLF,
 * not the final empty line), above {@code maxTrailerSize} is 400
 * {@link Rejection#BAD_CHUNK} rather than 431, since the head has already been accepted
 * by then.</li>
 * </ul>
 * With a body limit, a chunk whose declared size would take the body past it is
 * {@link Rejection#BODY_TOO_LARGE} as soon as its chunk-size line ends, before any of its
 * data is read (nginx answers 413 the same way).
 * <p>
 * Only {@link BadRequestException} is thrown; after one, {@link #next} keeps refusing
 * until {@link #reset()}.
 */
public final class ChunkedDecoder {

	private enum State {

		SIZE_START(true), SIZE(true), EXT_NAME_START(true), EXT_NAME(true), EXT_VALUE_START(true), EXT_TOKEN(true),
		EXT_QUOTED(true), EXT_QUOTED_PAIR(true), EXT_QUOTED_END(true), SIZE_LF(false), DATA(false), DATA_CR(false),
		DATA_LF(false), TRAILERS(false), DONE(false), FAILED(false);

		/** whether the bytes of this state count toward the chunk-size line's length */
		final boolean sizeLine;

		/** whether they are chunk-ext bytes, counted for the whole body */
		final boolean extension;

		State(boolean sizeLine) {
			this.sizeLine = sizeLine;
			this.extension = sizeLine && name().startsWith("EXT_");
		}

	}

	private static final int MAX_SIZE_DIGITS = 15;

	/**
	 * Bytes of chunk extensions in one body, all chunks together: as Node.js since
	 * CVE-2024-22019 (and Go's CVE-2023-39326 fix), so framing cannot cost far more than
	 * the data it carries.
	 */
	public static final int MAX_EXTENSION_BYTES = 16 * 1024;

	private final int maxChunkLineLength;

	private final int maxTrailerSize;

	private final long maxBodySize;

	private final FieldLineScanner trailerLines = new FieldLineScanner();

	private State state = State.SIZE_START;

	private Rejection failure;

	private int lineLength;

	private int sizeDigits;

	private long remaining;

	private long decodedBytes;

	private int trailerSize;

	private int extensionBytes;

	public ChunkedDecoder(int maxChunkLineLength, int maxTrailerSize) {
		this(maxChunkLineLength, maxTrailerSize, 0);
	}

	/**
	 * @param maxBodySize the most data bytes the body may hold; 0 (or less) means no
	 * limit
	 */
	public ChunkedDecoder(int maxChunkLineLength, int maxTrailerSize, long maxBodySize) {
		if (maxChunkLineLength <= 0 || maxTrailerSize < 0) {
			throw new IllegalArgumentException("maxChunkLineLength must be positive, maxTrailerSize not negative");
		}
		this.maxChunkLineLength = maxChunkLineLength;
		this.maxTrailerSize = maxTrailerSize;
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Advances through {@code in} to the next run of body data.
	 * @return a slice of {@code in} holding data bytes ({@code in} is advanced past
	 * them), or null when {@code in} holds no more data now: either more input is needed
	 * or the body is complete ({@link #isDone()})
	 * @throws BadRequestException when the framing is broken
	 */
	public ByteBuffer next(ByteBuffer in) {
		if (state == State.FAILED) {
			throw new BadRequestException(failure);
		}
		try {
			while (in.hasRemaining() && state != State.DONE) {
				if (state == State.DATA) {
					return data(in);
				}
				step(in.get());
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
	 * Whether the last chunk and the trailer section, with its final CRLF, have been
	 * consumed.
	 */
	public boolean isDone() {
		return state == State.DONE;
	}

	/** Data bytes handed out so far. */
	public long decodedBytes() {
		return decodedBytes;
	}

	/** Makes the decoder ready for the next chunked body. */
	public void reset() {
		state = State.SIZE_START;
		failure = null;
		lineLength = 0;
		sizeDigits = 0;
		remaining = 0;
		decodedBytes = 0;
		trailerSize = 0;
		extensionBytes = 0;
		trailerLines.reset();
	}

	private ByteBuffer data(ByteBuffer in) {
		int n = (int) Math.min(remaining, in.remaining());
		ByteBuffer slice = in.slice(in.position(), n);
		in.position(in.position() + n);
		remaining -= n;
		decodedBytes += n;
		if (remaining == 0) {
			state = State.DATA_CR;
		}
		return slice;
	}

	private void step(byte b) {
		if (state.sizeLine && b != CR && ++lineLength > maxChunkLineLength) {
			throw bad("chunk-size line longer than the limit");
		}
		if (state.extension && ++extensionBytes > MAX_EXTENSION_BYTES) {
			throw bad("chunk extensions of the body longer than the limit");
		}
		switch (state) {
			case SIZE_START -> sizeStart(b);
			case SIZE -> size(b);
			case EXT_NAME_START -> extNameStart(b);
			case EXT_NAME -> extName(b);
			case EXT_VALUE_START -> extValueStart(b);
			case EXT_TOKEN -> extToken(b);
			case EXT_QUOTED -> extQuoted(b);
			case EXT_QUOTED_PAIR -> extQuotedPair(b);
			case EXT_QUOTED_END -> extQuotedEnd(b);
			case SIZE_LF -> sizeLf(b);
			case DATA_CR -> dataCr(b);
			case DATA_LF -> dataLf(b);
			case TRAILERS -> trailers(b);
			default -> throw new IllegalStateException(state.name());
		}
	}

	private void sizeStart(byte b) {
		if (Chars.hexValue(b) < 0) {
			throw bad("chunk-size does not start with a hex digit");
		}
		state = State.SIZE;
		size(b);
	}

	private void size(byte b) {
		int digit = Chars.hexValue(b);
		if (digit >= 0) {
			if ((remaining != 0 || digit != 0) && ++sizeDigits > MAX_SIZE_DIGITS) {
				throw bad("chunk-size too large");
			}
			remaining = remaining << 4 | digit;
		}
		else {
			endOfLineElement(b);
		}
	}

	/** After a complete size or extension: another extension or the end of the line. */
	private void endOfLineElement(byte b) {
		if (b == ';') {
			state = State.EXT_NAME_START;
		}
		else if (b == CR) {
			state = State.SIZE_LF;
		}
		else {
			throw bad("unexpected byte in chunk-size line");
		}
	}

	private void extNameStart(byte b) {
		if (!Chars.isTchar(b)) {
			throw bad("chunk-ext name is not a token");
		}
		state = State.EXT_NAME;
	}

	private void extName(byte b) {
		if (b == '=') {
			state = State.EXT_VALUE_START;
		}
		else if (!Chars.isTchar(b)) {
			endOfLineElement(b);
		}
	}

	private void extValueStart(byte b) {
		if (b == '"') {
			state = State.EXT_QUOTED;
		}
		else if (Chars.isTchar(b)) {
			state = State.EXT_TOKEN;
		}
		else {
			throw bad("chunk-ext value is neither token nor quoted-string");
		}
	}

	private void extToken(byte b) {
		if (!Chars.isTchar(b)) {
			endOfLineElement(b);
		}
	}

	private void extQuoted(byte b) {
		if (b == '"') {
			state = State.EXT_QUOTED_END;
		}
		else if (b == '\\') {
			state = State.EXT_QUOTED_PAIR;
		}
		else if (!Chars.isQdtext(b)) {
			throw bad("control byte in a chunk-ext quoted-string");
		}
	}

	private void extQuotedPair(byte b) {
		if (!Chars.isFieldContent(b)) {
			throw bad("control byte in a chunk-ext quoted-pair");
		}
		state = State.EXT_QUOTED;
	}

	private void extQuotedEnd(byte b) {
		endOfLineElement(b);
	}

	private void sizeLf(byte b) {
		if (b != LF) {
			throw bad("CR not followed by LF in chunk-size line");
		}
		lineLength = 0;
		sizeDigits = 0;
		if (maxBodySize > 0 && remaining > maxBodySize - decodedBytes) {
			throw new BadRequestException(Rejection.BODY_TOO_LARGE, "chunk would take the body past the limit");
		}
		state = remaining == 0 ? State.TRAILERS : State.DATA;
	}

	private void dataCr(byte b) {
		if (b != CR) {
			throw bad("chunk data not followed by CRLF");
		}
		state = State.DATA_LF;
	}

	private void dataLf(byte b) {
		if (b != LF) {
			throw bad("chunk data not followed by CRLF");
		}
		state = State.SIZE_START;
	}

	private void trailers(byte b) {
		switch (trailerLines.accept(b)) {
			case NAME, COLON, VALUE, LINE_CR, LINE_END -> {
				if (++trailerSize > maxTrailerSize) {
					throw bad("trailer section larger than the limit");
				}
			}
			case BLANK_CR -> {
			}
			case SECTION_END -> state = State.DONE;
		}
	}

	private static BadRequestException bad(String detail) {
		return new BadRequestException(Rejection.BAD_CHUNK, detail);
	}

}
