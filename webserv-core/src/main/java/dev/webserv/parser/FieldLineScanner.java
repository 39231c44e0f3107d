package dev.webserv.parser;

import static dev.webserv.parser.Chars.CR;
import static dev.webserv.parser.Chars.HTAB;
import static dev.webserv.parser.Chars.LF;
import static dev.webserv.parser.Chars.SP;

import java.nio.ByteBuffer;

/**
 * The byte grammar of a field section (RFC 9112 §5), one byte at a time: shared by the
 * request head and the chunked trailer section so both enforce exactly the same rules. It
 * keeps no bytes; the caller decides what to store and what to count from the
 * {@link Event} each byte produces.
 */
final class FieldLineScanner {

	/** What the byte just accepted was. */
	enum Event {

		/** a byte of a field name (the first one starts a new field line) */
		NAME,
		/** the colon ending a field name */
		COLON,
		/** a byte of a field value, OWS included */
		VALUE,
		/** the CR ending a field line */
		LINE_CR,
		/** the LF ending a field line */
		LINE_END,
		/** the CR of the empty line ending the section */
		BLANK_CR,
		/** the LF of the empty line: the section is complete */
		SECTION_END

	}

	private enum State {

		LINE_START, NAME, VALUE, LINE_LF, BLANK_LF, DONE

	}

	private State state = State.LINE_START;

	Event accept(byte b) {
		// the bytes inside names and values are most of a section: answer them before the
		// full dispatch
		if (state == State.VALUE && Chars.isFieldContent(b)) {
			return Event.VALUE;
		}
		if (state == State.NAME && Chars.isTchar(b)) {
			return Event.NAME;
		}
		return switch (state) {
			case LINE_START -> lineStart(b);
			case NAME -> name(b);
			case VALUE -> value(b);
			case LINE_LF -> lineLf(b);
			case BLANK_LF -> blankLf(b);
			case DONE -> throw new IllegalStateException("field section already complete");
		};
	}

	/**
	 * How many bytes from {@code in}'s position continue the field value being read (0
	 * when not inside a value), consuming none: lets a caller copy a value in bulk while
	 * the rule stays here.
	 */
	int valueRun(ByteBuffer in) {
		if (state != State.VALUE) {
			return 0;
		}
		int start = in.position();
		int end = in.limit();
		int i = start;
		while (i < end && Chars.isFieldContent(in.get(i))) {
			i++;
		}
		return i - start;
	}

	void reset() {
		state = State.LINE_START;
	}

	private Event lineStart(byte b) {
		if (b == CR) {
			state = State.BLANK_LF;
			return Event.BLANK_CR;
		}
		if (b == SP || b == HTAB) {
			throw new BadRequestException(Rejection.OBS_FOLD, "field line starts with whitespace");
		}
		if (b == ':') {
			throw new BadRequestException(Rejection.BAD_HEADER, "empty field name");
		}
		return name(b);
	}

	private Event name(byte b) {
		if (Chars.isTchar(b)) {
			state = State.NAME;
			return Event.NAME;
		}
		if (b == ':' && state == State.NAME) {
			state = State.VALUE;
			return Event.COLON;
		}
		if (b == SP || b == HTAB) {
			throw new BadRequestException(Rejection.BAD_HEADER, "whitespace in or after a field name");
		}
		if (b == LF) {
			throw new BadRequestException(Rejection.BAD_HEADER, "bare LF in the field section");
		}
		throw new BadRequestException(Rejection.BAD_HEADER, "field name is not a token");
	}

	private Event value(byte b) {
		if (b == CR) {
			state = State.LINE_LF;
			return Event.LINE_CR;
		}
		if (Chars.isFieldContent(b)) {
			return Event.VALUE;
		}
		if (b == LF) {
			throw new BadRequestException(Rejection.BAD_HEADER, "bare LF ends a field line");
		}
		throw new BadRequestException(Rejection.BAD_HEADER, "control character in a field value");
	}

	private Event lineLf(byte b) {
		if (b != LF) {
			throw new BadRequestException(Rejection.BARE_CR, "CR not followed by LF in a field line");
		}
		state = State.LINE_START;
		return Event.LINE_END;
	}

	private Event blankLf(byte b) {
		if (b != LF) {
			throw new BadRequestException(Rejection.BARE_CR, "CR not followed by LF ending the field section");
		}
		state = State.DONE;
		return Event.SECTION_END;
	}

}
