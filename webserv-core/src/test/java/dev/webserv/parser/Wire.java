package dev.webserv.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Test helpers: requests written as Latin-1 strings (so "\u00e9" is the single obs-text
 * byte 0xE9).
 */
final class Wire {

	static final int MAX_LINE = 8192;
	static final int MAX_HEADERS = 8192;
	static final int MAX_FIELDS = 100;

	private Wire() {
	}

	static ByteBuffer bytes(String latin1) {
		return ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1));
	}

	static RequestParser parser() {
		return new RequestParser(MAX_LINE, MAX_HEADERS, MAX_FIELDS);
	}

	/** Parses a whole head in one buffer and insists it completes. */
	static RequestHead parse(String request) {
		return parse(parser(), request);
	}

	static RequestHead parse(RequestParser parser, String request) {
		RequestHead head = parser.parse(bytes(request));
		assertThat(head).as("complete head").isNotNull();
		return head;
	}

	static Rejection rejection(RequestParser parser, String request) {
		BadRequestException e = catchThrowableOfType(() -> parser.parse(bytes(request)), BadRequestException.class);
		assertThat(e).as("rejection of %s", request).isNotNull();
		return e.rejection();
	}

	static Rejection rejection(String request) {
		return rejection(parser(), request);
	}

}
