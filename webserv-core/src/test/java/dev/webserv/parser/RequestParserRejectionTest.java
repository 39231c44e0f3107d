package dev.webserv.parser;

import static dev.webserv.parser.Rejection.BAD_CONTENT_LENGTH;
import static dev.webserv.parser.Rejection.BAD_HEADER;
import static dev.webserv.parser.Rejection.BAD_HOST;
import static dev.webserv.parser.Rejection.BAD_METHOD;
import static dev.webserv.parser.Rejection.BAD_PATH;
import static dev.webserv.parser.Rejection.BAD_REQUEST_LINE;
import static dev.webserv.parser.Rejection.BAD_TARGET;
import static dev.webserv.parser.Rejection.BAD_TRANSFER_ENCODING;
import static dev.webserv.parser.Rejection.BAD_VERSION;
import static dev.webserv.parser.Rejection.BARE_CR;
import static dev.webserv.parser.Rejection.CONTENT_LENGTH_WITH_TRANSFER_ENCODING;
import static dev.webserv.parser.Rejection.DUPLICATE_HOST;
import static dev.webserv.parser.Rejection.HEADERS_TOO_LARGE;
import static dev.webserv.parser.Rejection.MISSING_HOST;
import static dev.webserv.parser.Rejection.OBS_FOLD;
import static dev.webserv.parser.Rejection.UNKNOWN_METHOD;
import static dev.webserv.parser.Rejection.UNKNOWN_TRANSFER_ENCODING;
import static dev.webserv.parser.Rejection.UNSUPPORTED_VERSION;
import static dev.webserv.parser.Rejection.URI_TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserRejectionTest {

	private static final String HOST = "Host: h\r\n";

	static Stream<Arguments> requestLines() {
		return Stream.of(row("method with a non-token byte", "G(T / HTTP/1.1\r\n", BAD_METHOD, 400),
				row("method with a control byte", "GE\u0001 / HTTP/1.1\r\n", BAD_METHOD, 400),
				row("line starting with SP", " GET / HTTP/1.1\r\n", BAD_REQUEST_LINE, 400),
				row("CONNECT", "CONNECT h:443 HTTP/1.1\r\n" + HOST + "\r\n", UNKNOWN_METHOD, 501),
				row("unknown method", "BREW /pot HTTP/1.1\r\n" + HOST + "\r\n", UNKNOWN_METHOD, 501),
				row("lower-case method", "get / HTTP/1.1\r\n" + HOST + "\r\n", UNKNOWN_METHOD, 501),
				row("double SP after method", "GET  / HTTP/1.1\r\n", BAD_REQUEST_LINE, 400),
				row("double SP after target", "GET /  HTTP/1.1\r\n", BAD_REQUEST_LINE, 400),
				row("HTAB as separator", "GET\t/ HTTP/1.1\r\n", BAD_METHOD, 400),
				row("trailing SP", "GET / HTTP/1.1 \r\n", BAD_REQUEST_LINE, 400),
				row("HTTP/0.9 line", "GET /\r\n", BAD_REQUEST_LINE, 400),
				row("method only", "GET\r\n", BAD_REQUEST_LINE, 400),
				row("bare LF after the request line", "GET / HTTP/1.1\n" + HOST + "\n", BAD_REQUEST_LINE, 400),
				row("bare CR after the request line", "GET / HTTP/1.1\rHost: h\r\n\r\n", BARE_CR, 400),
				row("bare LF before the request line", "\nGET / HTTP/1.1\r\n", BAD_REQUEST_LINE, 400),
				row("bare CR before the request line", "\rGET / HTTP/1.1\r\n", BARE_CR, 400),
				row("nine empty lines first", "\r\n".repeat(9) + "GET / HTTP/1.1\r\n", BAD_REQUEST_LINE, 400),
				row("lower-case version", "GET / http/1.1\r\n", BAD_VERSION, 400),
				row("short version", "GET / HTTP/1\r\n", BAD_VERSION, 400),
				row("two-digit minor version", "GET / HTTP/1.10\r\n", BAD_VERSION, 400),
				row("empty version", "GET / \r\n", BAD_VERSION, 400),
				row("control byte in version", "GET / HTTP/1.\u00011\r\n", BAD_VERSION, 400),
				row("HTTP/2.0", "GET / HTTP/2.0\r\n", UNSUPPORTED_VERSION, 505),
				row("HTTP/1.2", "GET / HTTP/1.2\r\n", UNSUPPORTED_VERSION, 505),
				row("HTTP/3.0", "GET / HTTP/3.0\r\n", UNSUPPORTED_VERSION, 505),
				row("HTTP/0.9 version", "GET / HTTP/0.9\r\n", UNSUPPORTED_VERSION, 505),
				row("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", UNSUPPORTED_VERSION, 505));
	}

	static Stream<Arguments> targets() {
		return Stream.of(row("asterisk with GET", "GET * HTTP/1.1\r\n", BAD_TARGET, 400),
				row("fragment", "GET /a#b HTTP/1.1\r\n", BAD_TARGET, 400),
				row("byte above 0x7F", "GET /caf\u00e9 HTTP/1.1\r\n", BAD_TARGET, 400),
				row("DEL", "GET /a\u007f HTTP/1.1\r\n", BAD_TARGET, 400),
				row("control byte", "GET /a\u0000 HTTP/1.1\r\n", BAD_TARGET, 400),
				row("HTAB", "GET /a\tb HTTP/1.1\r\n", BAD_TARGET, 400),
				row("authority-form with GET", "GET h:80 HTTP/1.1\r\n", BAD_TARGET, 400),
				row("relative path", "GET a/b HTTP/1.1\r\n", BAD_TARGET, 400),
				row("other scheme", "GET ftp://h/ HTTP/1.1\r\n", BAD_TARGET, 400),
				row("scheme without slashes", "GET http:/h/ HTTP/1.1\r\n", BAD_TARGET, 400),
				row("empty authority", "GET http:///a HTTP/1.1\r\n", BAD_TARGET, 400),
				row("userinfo", "GET http://u@h/ HTTP/1.1\r\n", BAD_TARGET, 400),
				row("bad authority port", "GET http://h:x/ HTTP/1.1\r\n", BAD_TARGET, 400),
				row("climbing path", "GET /../etc/passwd HTTP/1.1\r\n", BAD_PATH, 400),
				row("encoded climbing path", "GET /a/%2e%2E/../x HTTP/1.1\r\n", BAD_PATH, 400),
				row("encoded slash", "GET /a%2fb HTTP/1.1\r\n", BAD_PATH, 400),
				row("encoded NUL", "GET /a%00 HTTP/1.1\r\n", BAD_PATH, 400),
				row("raw backslash", "GET /a\\b HTTP/1.1\r\n", BAD_PATH, 400),
				row("encoded backslash", "GET /a%5Cb HTTP/1.1\r\n", BAD_PATH, 400),
				row("overlong UTF-8", "GET /%C0%AF HTTP/1.1\r\n", BAD_PATH, 400),
				row("bad escape", "GET /%zz HTTP/1.1\r\n", BAD_PATH, 400),
				row("absolute-form climbing path", "GET http://h/../x HTTP/1.1\r\n", BAD_PATH, 400));
	}

	static Stream<Arguments> fields() {
		return Stream.of(row("space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", BAD_HEADER, 400),
				row("tab before colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", BAD_HEADER, 400),
				row("space inside name", "GET / HTTP/1.1\r\nX Y: h\r\n\r\n", BAD_HEADER, 400),
				row("empty name", "GET / HTTP/1.1\r\n: x\r\n\r\n", BAD_HEADER, 400),
				row("line without colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", BAD_HEADER, 400),
				row("non-token name", "GET / HTTP/1.1\r\nX{}: v\r\n\r\n", BAD_HEADER, 400),
				row("obs-text in name", "GET / HTTP/1.1\r\nX\u00e9: v\r\n\r\n", BAD_HEADER, 400),
				row("NUL in value", "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n", BAD_HEADER, 400),
				row("control in value", "GET / HTTP/1.1\r\nX: a\u001bb\r\n\r\n", BAD_HEADER, 400),
				row("DEL in value", "GET / HTTP/1.1\r\nX: a\u007fb\r\n\r\n", BAD_HEADER, 400),
				row("obs-fold", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", OBS_FOLD, 400),
				row("obs-fold with tab", "GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", OBS_FOLD, 400),
				row("whitespace right after the request line", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", OBS_FOLD, 400),
				row("bare LF ending a field", "GET / HTTP/1.1\r\nHost: h\n\r\n", BAD_HEADER, 400),
				row("bare LF ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\n", BAD_HEADER, 400),
				row("bare CR in a value", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", BARE_CR, 400),
				row("bare CR ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\rX", BARE_CR, 400));
	}

	static Stream<Arguments> semantics() {
		String get = "GET / HTTP/1.1\r\n";
		String post = "POST / HTTP/1.1\r\n" + HOST;
		return Stream.of(row("no Host in HTTP/1.1", get + "\r\n", MISSING_HOST, 400),
				row("no Host with absolute-form", "GET http://h/ HTTP/1.1\r\n\r\n", MISSING_HOST, 400),
				row("two Hosts", get + HOST + "host: h\r\n\r\n", DUPLICATE_HOST, 400),
				row("two Hosts in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", DUPLICATE_HOST, 400),
				row("empty Host", get + "Host:\r\n\r\n", BAD_HOST, 400),
				row("Host with path", get + "Host: h/x\r\n\r\n", BAD_HOST, 400),
				row("Host with userinfo", get + "Host: u@h\r\n\r\n", BAD_HOST, 400),
				row("Host with space", get + "Host: a b\r\n\r\n", BAD_HOST, 400),
				row("Host port too big", get + "Host: h:65536\r\n\r\n", BAD_HOST, 400),
				row("Host empty port", get + "Host: h:\r\n\r\n", BAD_HOST, 400),
				row("Host port with sign", get + "Host: h:+80\r\n\r\n", BAD_HOST, 400),
				row("Host only port", get + "Host: :80\r\n\r\n", BAD_HOST, 400),
				row("Host bad IPv6", get + "Host: [::g]\r\n\r\n", BAD_HOST, 400),
				row("Host unclosed IPv6", get + "Host: [::1\r\n\r\n", BAD_HOST, 400),
				row("Host IPv6 zone id", get + "Host: [fe80::1%25eth0]\r\n\r\n", BAD_HOST, 400),
				row("Host differing from absolute-form", "GET http://a/ HTTP/1.1\r\nHost: b\r\n\r\n", BAD_HOST, 400),
				row("two Content-Lengths", post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", BAD_CONTENT_LENGTH,
						400),
				row("Content-Length list", post + "Content-Length: 5, 5\r\n\r\n", BAD_CONTENT_LENGTH, 400),
				row("negative Content-Length", post + "Content-Length: -1\r\n\r\n", BAD_CONTENT_LENGTH, 400),
				row("signed Content-Length", post + "Content-Length: +1\r\n\r\n", BAD_CONTENT_LENGTH, 400),
				row("hex Content-Length", post + "Content-Length: 0x10\r\n\r\n", BAD_CONTENT_LENGTH, 400),
				row("Content-Length with inner space", post + "Content-Length: 1 0\r\n\r\n", BAD_CONTENT_LENGTH, 400),
				row("empty Content-Length", post + "Content-Length:\r\n\r\n", BAD_CONTENT_LENGTH, 400),
				row("19-digit Content-Length", post + "Content-Length: 1000000000000000000\r\n\r\n", BAD_CONTENT_LENGTH,
						400),
				row("Content-Length with Transfer-Encoding",
						post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
						CONTENT_LENGTH_WITH_TRANSFER_ENCODING, 400),
				row("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
						BAD_TRANSFER_ENCODING, 400),
				row("chunked twice", post + "Transfer-Encoding: chunked, chunked\r\n\r\n", BAD_TRANSFER_ENCODING, 400),
				row("chunked twice across fields",
						post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
						BAD_TRANSFER_ENCODING, 400),
				row("chunked not last", post + "Transfer-Encoding: chunked, gzip\r\n\r\n", BAD_TRANSFER_ENCODING, 400),
				row("identity", post + "Transfer-Encoding: identity\r\n\r\n", BAD_TRANSFER_ENCODING, 400),
				row("identity before chunked", post + "Transfer-Encoding: identity, chunked\r\n\r\n",
						BAD_TRANSFER_ENCODING, 400),
				row("empty coding element", post + "Transfer-Encoding: , chunked\r\n\r\n", BAD_TRANSFER_ENCODING, 400),
				row("empty Transfer-Encoding", post + "Transfer-Encoding:\r\n\r\n", BAD_TRANSFER_ENCODING, 400),
				row("coding with parameter", post + "Transfer-Encoding: chunked;q=1\r\n\r\n", BAD_TRANSFER_ENCODING,
						400),
				row("gzip then chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n", UNKNOWN_TRANSFER_ENCODING,
						501),
				row("unknown coding", post + "Transfer-Encoding: xchunked\r\n\r\n", UNKNOWN_TRANSFER_ENCODING, 501),
				row("gzip alone", post + "Transfer-Encoding: gzip\r\n\r\n", UNKNOWN_TRANSFER_ENCODING, 501));
	}

	@ParameterizedTest(name = "request line: {0} -> {3}")
	@MethodSource("requestLines")
	void refusesABadRequestLine(String rule, String request, Rejection expected, int status) {
		assertRefused(request, expected, status);
	}

	@ParameterizedTest(name = "target: {0} -> {3}")
	@MethodSource("targets")
	void refusesABadTarget(String rule, String request, Rejection expected, int status) {
		assertRefused(request, expected, status);
	}

	@ParameterizedTest(name = "field: {0} -> {3}")
	@MethodSource("fields")
	void refusesABadFieldLine(String rule, String request, Rejection expected, int status) {
		assertRefused(request, expected, status);
	}

	@ParameterizedTest(name = "semantics: {0} -> {3}")
	@MethodSource("semantics")
	void refusesBadHostOrFraming(String rule, String request, Rejection expected, int status) {
		assertRefused(request, expected, status);
	}

	@Test
	void acceptsEightEmptyLinesBeforeTheRequest() {
		assertThat(Wire.parse("\r\n".repeat(8) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n").path()).isEqualTo("/");
	}

	@Test
	void refusesAsSoonAsTheFirstBadByteArrives() {
		RequestParser parser = Wire.parser();
		// no CRLF yet: the method is refused before the line ends
		assertThat(Wire.rejection(parser, "G\u0000")).isEqualTo(BAD_METHOD);
	}

	private static void assertRefused(String request, Rejection expected, int status) {
		Rejection actual = Wire.rejection(request);
		assertThat(actual).isEqualTo(expected);
		assertThat(actual.status()).isEqualTo(status);
	}

	private static Arguments row(String rule, String request, Rejection expected, int status) {
		return arguments(rule, request, expected, status);
	}

}
