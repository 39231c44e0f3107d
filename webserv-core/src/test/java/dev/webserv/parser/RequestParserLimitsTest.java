package dev.webserv.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestParserLimitsTest {

	private static final int LINE = 64;

	private static final int HEADERS = 100;

	private static final int FIELDS = 5;

	/** "GET /aaa HTTP/1.1" of exactly this length (CRLF excluded). */
	private static String requestLine(int length) {
		return "GET /" + "a".repeat(length - 14) + " HTTP/1.1";
	}

	/**
	 * A header section whose field lines, CRLFs included, total exactly this many bytes.
	 */
	private static String fieldsOfSize(int size) {
		return "Host: h\r\nX: " + "v".repeat(size - 14) + "\r\n";
	}

	private static RequestParser parser() {
		return new RequestParser(LINE, HEADERS, FIELDS);
	}

	@Test
	void acceptsARequestLineAtTheLimit() {
		assertThat(requestLine(LINE)).hasSize(LINE);
		RequestHead head = Wire.parse(parser(), requestLine(LINE) + "\r\nHost: h\r\n\r\n");
		assertThat(head.path()).hasSize(LINE - 13);
	}

	@Test
	void refusesARequestLineOneByteOverTheLimitWith414BeforeItEnds() {
		Rejection rejection = Wire.rejection(parser(), requestLine(LINE + 1));
		assertThat(rejection).isEqualTo(Rejection.URI_TOO_LONG);
		assertThat(rejection.status()).isEqualTo(414);
	}

	@Test
	void countsTheWholeRequestLineNotJustTheTarget() {
		String longMethod = "A".repeat(LINE + 1);
		assertThat(Wire.rejection(parser(), longMethod)).isEqualTo(Rejection.URI_TOO_LONG);
	}

	@Test
	void acceptsAHeaderSectionAtTheLimit() {
		assertThat(fieldsOfSize(HEADERS)).hasSize(HEADERS);
		RequestHead head = Wire.parse(parser(), "GET / HTTP/1.1\r\n" + fieldsOfSize(HEADERS) + "\r\n");
		assertThat(head.headers().get("X")).hasSize(HEADERS - 14);
	}

	@Test
	void refusesAHeaderSectionOneByteOverTheLimitWith431() {
		Rejection rejection = Wire.rejection(parser(), "GET / HTTP/1.1\r\n" + fieldsOfSize(HEADERS + 1) + "\r\n");
		assertThat(rejection).isEqualTo(Rejection.HEADERS_TOO_LARGE);
		assertThat(rejection.status()).isEqualTo(431);
	}

	@Test
	void refusesAnOversizedHeaderSectionBeforeItEnds() {
		String unterminated = "GET / HTTP/1.1\r\nX: " + "v".repeat(HEADERS);
		assertThat(Wire.rejection(parser(), unterminated)).isEqualTo(Rejection.HEADERS_TOO_LARGE);
	}

	@Test
	void acceptsTheMaximumNumberOfFields() {
		String request = "GET / HTTP/1.1\r\nHost: h\r\n" + "A: 1\r\n".repeat(FIELDS - 1) + "\r\n";
		assertThat(Wire.parse(parser(), request).headers().size()).isEqualTo(FIELDS);
	}

	@Test
	void refusesOneFieldMoreThanTheMaximumWith431() {
		String request = "GET / HTTP/1.1\r\nHost: h\r\n" + "A: 1\r\n".repeat(FIELDS) + "\r\n";
		Rejection rejection = Wire.rejection(parser(), request);
		assertThat(rejection).isEqualTo(Rejection.HEADERS_TOO_LARGE);
		assertThat(rejection.status()).isEqualTo(431);
	}

	@Test
	void holdsBothLimitsAtOnceInTheSmallestConfiguration() {
		RequestParser tiny = new RequestParser(14, 9, 1);
		RequestHead head = Wire.parse(tiny, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
		assertThat(head.host()).isEqualTo("h");
	}

}
