package dev.webserv.parser;

import static dev.webserv.parser.Wire.bytes;
import static dev.webserv.parser.Wire.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

import dev.webserv.Methods;

class RequestParserTest {

	@Test
	void parsesAnOriginFormRequest() {
		RequestHead head = parse("GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");

		assertThat(head.method()).isEqualTo("GET");
		assertThat(head.target()).isEqualTo("/index.html");
		assertThat(head.path()).isEqualTo("/index.html");
		assertThat(head.rawQuery()).isNull();
		assertThat(head.version()).isEqualTo("HTTP/1.1");
		assertThat(head.host()).isEqualTo("example.com");
		assertThat(head.headers().size()).isEqualTo(2);
		assertThat(head.headers().get("accept")).isEqualTo("*/*");
		assertThat(head.contentLength()).isEqualTo(-1);
		assertThat(head.chunked()).isFalse();
		assertThat(head.keepAlive()).isTrue();
		assertThat(head.expectContinue()).isFalse();
		assertThat(head.hasBody()).isFalse();
	}

	@Test
	void keepsTheRawQueryAndDecodesThePath() {
		RequestHead head = parse("GET /a%20b/./c/../d?x=1&y=%2F+z?w HTTP/1.1\r\nHost: h\r\n\r\n");

		assertThat(head.path()).isEqualTo("/a b/d");
		assertThat(head.rawQuery()).isEqualTo("x=1&y=%2F+z?w");
		assertThat(head.target()).isEqualTo("/a%20b/./c/../d?x=1&y=%2F+z?w");
	}

	@Test
	void anEmptyQueryIsEmptyNotNull() {
		assertThat(parse("GET /p? HTTP/1.1\r\nHost: h\r\n\r\n").rawQuery()).isEmpty();
	}

	@Test
	void parsesAnAbsoluteFormTargetAndTakesTheHostFromIt() {
		RequestHead head = parse("GET HTTP://Example.COM:8080/a/b?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");

		assertThat(head.host()).isEqualTo("example.com");
		assertThat(head.path()).isEqualTo("/a/b");
		assertThat(head.rawQuery()).isEqualTo("q=1");
	}

	@Test
	void anAbsoluteFormTargetWithoutPathMeansTheRoot() {
		assertThat(parse("GET https://h HTTP/1.1\r\nHost: h\r\n\r\n").path()).isEqualTo("/");
		RequestHead withQuery = parse("GET http://h?x HTTP/1.1\r\nHost: h:80\r\n\r\n");
		assertThat(withQuery.path()).isEqualTo("/");
		assertThat(withQuery.rawQuery()).isEqualTo("x");
	}

	@Test
	void acceptsIpLiteralHosts() {
		assertThat(parse("GET http://[::1]:8080/ HTTP/1.1\r\nHost: [::1]\r\n\r\n").host()).isEqualTo("[::1]");
		assertThat(parse("GET / HTTP/1.1\r\nHost: [2001:DB8::1]:443\r\n\r\n").host()).isEqualTo("[2001:db8::1]");
		assertThat(parse("GET / HTTP/1.1\r\nHost: 192.168.0.1:80\r\n\r\n").host()).isEqualTo("192.168.0.1");
	}

	@Test
	void acceptsTheAsteriskFormForOptions() {
		RequestHead head = parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");

		assertThat(head.method()).isEqualTo("OPTIONS");
		assertThat(head.path()).isEqualTo("*");
		assertThat(head.rawQuery()).isNull();
	}

	@Test
	void http10ClosesUnlessKeepAliveIsAsked() {
		RequestHead plain = parse("GET / HTTP/1.0\r\n\r\n");
		assertThat(plain.version()).isEqualTo("HTTP/1.0");
		assertThat(plain.host()).isNull();
		assertThat(plain.keepAlive()).isFalse();

		assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
		assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
		assertThat(parse("GET / HTTP/1.0\r\nHost: h\r\n\r\n").host()).isEqualTo("h");
	}

	@Test
	void http11KeepsAliveUnlessCloseIsAsked() {
		assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade,\tClose \r\n\r\n").keepAlive()).isFalse();
		assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n").keepAlive()).isTrue();
		assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: a\r\nConnection: close\r\n\r\n").keepAlive())
			.isFalse();
	}

	@Test
	void trimsOptionalWhitespaceAroundValuesButKeepsItInside() {
		RequestHead head = parse("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t a  b \t \r\nX-Empty:\r\nX-Blank:  \r\n\r\n");

		assertThat(head.headers().get("x-a")).isEqualTo("a  b");
		assertThat(head.headers().get("X-Empty")).isEmpty();
		assertThat(head.headers().get("X-Blank")).isEmpty();
	}

	@Test
	void keepsObsTextBytesAsLatin1Characters() {
		RequestHead head = parse("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\u00e9 \u00ff\r\n\r\n");

		assertThat(head.headers().get("X-Name")).isEqualTo("caf\u00e9 \u00ff");
	}

	@Test
	void keepsFieldOrderAndRepeatedFields() {
		RequestHead head = parse("GET / HTTP/1.1\r\nHost: h\r\nAccept: a\r\nX: 1\r\naccept: b\r\n\r\n");

		assertThat(head.headers().getAll("Accept")).containsExactly("a", "b");
		assertThat(head.headers().name(3)).isEqualTo("accept");
	}

	@Test
	void readsContentLengthAndExpect() {
		RequestHead head = parse("PUT /f HTTP/1.1\r\nHost: h\r\nContent-Length: 0012\r\nExpect: 100-Continue\r\n\r\n");

		assertThat(head.contentLength()).isEqualTo(12);
		assertThat(head.expectContinue()).isTrue();
		assertThat(head.hasBody()).isTrue();
		assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999999999\r\n\r\n").contentLength())
			.isEqualTo(999_999_999_999_999_999L);
	}

	@Test
	void otherExpectationsAreLeftToTheCaller() {
		RequestHead head = parse("PUT /f HTTP/1.1\r\nHost: h\r\nExpect: something\r\n\r\n");

		assertThat(head.expectContinue()).isFalse();
		assertThat(head.headers().get("Expect")).isEqualTo("something");
	}

	@Test
	void recognizesAChunkedBodyInAnyCase() {
		RequestHead head = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \tChunked\r\n\r\n");

		assertThat(head.chunked()).isTrue();
		assertThat(head.contentLength()).isEqualTo(-1);
		assertThat(head.hasBody()).isTrue();
	}

	@Test
	void leavesTheBodyInTheBuffer() {
		ByteBuffer in = bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");

		RequestHead head = Wire.parser().parse(in);

		assertThat(head.contentLength()).isEqualTo(5);
		assertThat(in.remaining()).isEqualTo(5);
		assertThat(in.get()).isEqualTo((byte) 'h');
	}

	@Test
	void parsesAPipelinedPairOneAtATime() {
		String first = "GET /one HTTP/1.1\r\nHost: h\r\n\r\n";
		ByteBuffer in = bytes(first + "HEAD /two HTTP/1.1\r\nHost: h\r\n\r\n");
		RequestParser parser = Wire.parser();

		assertThat(parser.parse(in).path()).isEqualTo("/one");
		assertThat(in.position()).isEqualTo(first.length());
		assertThat(parser.inProgress()).isFalse();

		parser.reset();
		RequestHead second = parser.parse(in);
		assertThat(second.method()).isEqualTo("HEAD");
		assertThat(second.path()).isEqualTo("/two");
		assertThat(in.hasRemaining()).isFalse();
	}

	@Test
	void skipsEmptyLinesBeforeTheRequestWithoutBeingInProgress() {
		RequestParser parser = Wire.parser();

		assertThat(parser.parse(bytes("\r\n\r\n"))).isNull();
		assertThat(parser.inProgress()).isFalse();
		assertThat(parser.parse(bytes("\r"))).isNull();
		assertThat(parser.inProgress()).isFalse();
		assertThat(parser.parse(bytes("\nG"))).isNull();
		assertThat(parser.inProgress()).isTrue();
		assertThat(parser.parse(bytes("ET / HTTP/1.1\r\nHost: h\r\n\r\n")).method()).isEqualTo("GET");
		assertThat(parser.inProgress()).isFalse();
	}

	@Test
	void askingForMoreAfterAHeadWithoutResetIsAProgrammingError() {
		RequestParser parser = Wire.parser();
		parse(parser, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");

		assertThatThrownBy(() -> parser.parse(bytes("GET"))).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void keepsRefusingAfterARejectionUntilReset() {
		RequestParser parser = Wire.parser();
		assertThat(Wire.rejection(parser, "G@T / HTTP/1.1\r\n")).isEqualTo(Rejection.BAD_METHOD);

		assertThat(Wire.rejection(parser, "GET / HTTP/1.1\r\n")).isEqualTo(Rejection.BAD_METHOD);
		parser.reset();
		assertThat(parse(parser, "GET / HTTP/1.1\r\nHost: h\r\n\r\n").path()).isEqualTo("/");
	}

	@Test
	void reusesTheParserForManyRequests() {
		RequestParser parser = Wire.parser();
		for (int i = 0; i < 3; i++) {
			String big = "x".repeat(6000);
			RequestHead head = parse(parser, "GET /" + i + " HTTP/1.1\r\nHost: h\r\nX: " + big + "\r\n\r\n");
			assertThat(head.path()).isEqualTo("/" + i);
			assertThat(head.headers().get("X")).hasSize(6000);
			parser.reset();
		}
	}

	@Test
	void returnsTheSharedMethodAndVersionConstants() {
		for (String method : Methods.SERVED) {
			RequestHead head = parse(method + " / HTTP/1.1\r\nHost: h\r\n\r\n");
			RequestHead old = parse(method + " / HTTP/1.0\r\n\r\n");

			// the same objects, not equal copies: connection code compares them by
			// identity
			assertThat(head.method()).isSameAs(method);
			assertThat(head.version()).isSameAs(RequestLine.HTTP_1_1);
			assertThat(old.method()).isSameAs(method);
			assertThat(old.version()).isSameAs(RequestLine.HTTP_1_0);
		}
	}

}
