package dev.webserv.parser;

import static dev.webserv.parser.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * The head a parser's array remembers: an identical head is answered with the same
 * immutable {@link RequestHead}, and anything else, however close, is parsed afresh, so
 * reuse can never hand a request another's head.
 */
class RequestParserReuseTest {

	private final HeadBuffers buffers = new HeadBuffers(new StringCache());

	private final RequestParser parser = parser();

	private RequestParser parser() {
		return new RequestParser(Wire.MAX_LINE, Wire.MAX_HEADERS, Wire.MAX_FIELDS, buffers);
	}

	private RequestHead parse(RequestParser parser, String request) {
		RequestHead head = parser.parse(bytes(request));
		assertThat(head).as("complete head").isNotNull();
		parser.reset();
		return head;
	}

	@Test
	void anIdenticalHeadIsTheSameImmutableHead() {
		String request = "GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
		RequestHead first = parse(parser, request);
		RequestHead second = parse(parser, request);

		assertThat(second).isSameAs(first);
		assertThat(first.headers().isReadOnly()).isTrue();
		assertThatThrownBy(() -> first.headers().add("X", "y")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> first.headers().remove("Host")).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void anIdenticalHeadSplitAtEveryByteIsStillTheSame() {
		String request = "GET /a HTTP/1.1\r\nHost: x\r\nX-Long: " + "v".repeat(40) + "\r\n\r\n";
		RequestHead first = parse(parser, request);
		byte[] all = bytes(request).array();
		for (int split = 1; split < all.length; split++) {
			assertThat(parser.parse(ByteBuffer.wrap(all, 0, split))).isNull();
			RequestHead head = parser.parse(ByteBuffer.wrap(all, split, all.length - split));
			parser.reset();
			assertThat(head).as("split at %d", split).isSameAs(first);
		}
	}

	@Test
	void headsThatDifferAnywhereAreParsedAfresh() {
		RequestHead first = parse(parser, "GET /a HTTP/1.1\r\nHost: x\r\nX-N: 1\r\n\r\n");

		RequestHead otherValue = parse(parser, "GET /a HTTP/1.1\r\nHost: x\r\nX-N: 2\r\n\r\n");
		assertThat(otherValue).isNotSameAs(first);
		assertThat(otherValue.headers().get("X-N")).isEqualTo("2");

		RequestHead longer = parse(parser, "GET /a HTTP/1.1\r\nHost: x\r\nX-N: 22\r\n\r\n");
		assertThat(longer.headers().get("X-N")).isEqualTo("22");
		RequestHead shorter = parse(parser, "GET /a HTTP/1.1\r\nHost: x\r\nX-N: 2\r\n\r\n");
		assertThat(shorter).isNotSameAs(longer);
		assertThat(shorter.headers().get("X-N")).isEqualTo("2");

		RequestHead otherTarget = parse(parser, "GET /b HTTP/1.1\r\nHost: x\r\nX-N: 2\r\n\r\n");
		assertThat(otherTarget.path()).isEqualTo("/b");
		assertThat(otherTarget.headers().get("X-N")).isEqualTo("2");
		// same line, other fields: the line is reused, the head is not
		RequestHead otherFields = parse(parser, "GET /b HTTP/1.1\r\nHost: y\r\n\r\n");
		assertThat(otherFields.host()).isEqualTo("y");
		assertThat(otherFields.path()).isEqualTo("/b");
		assertThat(otherFields.headers().size()).isEqualTo(1);
	}

	@Test
	void theSameBytesInOtherFieldLinesAreAnotherHead() {
		// CR and LF are not stored: "A: bC: d" is what both keep, split differently
		RequestHead two = parse(parser, "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\nC: d\r\n\r\n");
		RequestHead one = parse(parser, "GET / HTTP/1.1\r\nHost: x\r\nA: bC: d\r\n\r\n");

		assertThat(one).isNotSameAs(two);
		assertThat(one.headers().size()).isEqualTo(2);
		assertThat(one.headers().get("A")).isEqualTo("bC: d");
		assertThat(two.headers().get("A")).isEqualTo("b");
	}

	@Test
	void theRequestLineBoundaryCounts() {
		RequestHead first = parse(parser, "GET / HTTP/1.1\r\nHost:x\r\n\r\n");
		// the same stored bytes with the line ending elsewhere is refused, not recalled
		assertThat(Wire.rejection(parser, "GET / HTTP/1.1Host:x\r\n\r\n")).isEqualTo(Rejection.BAD_VERSION);
		parser.reset();
		assertThat(parse(parser, "GET / HTTP/1.1\r\nHost:x\r\n\r\n")).isSameAs(first);
	}

	@Test
	void aRefusedHeadInBetweenChangesNothing() {
		String request = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
		RequestHead first = parse(parser, request);
		// identical up to the refusal
		assertThat(Wire.rejection(parser, "GET /a HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n"))
			.isEqualTo(Rejection.BAD_HEADER);
		parser.reset();
		assertThat(parse(parser, request)).isSameAs(first);
		// differing before the refusal
		assertThat(Wire.rejection(parser, "GET /b HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n"))
			.isEqualTo(Rejection.BAD_HEADER);
		parser.reset();
		RequestHead again = parse(parser, request);
		assertThat(again).isNotSameAs(first);
		assertThat(again.path()).isEqualTo("/a");
		// the same refusal again is refused again
		assertThat(Wire.rejection(parser, "GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"))
			.isEqualTo(Rejection.DUPLICATE_HOST);
		parser.reset();
		assertThat(Wire.rejection(parser, "GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"))
			.isEqualTo(Rejection.DUPLICATE_HOST);
	}

	@Test
	void parsersSharingArraysNeverSeeEachOthersHeads() {
		RequestParser other = parser();
		// one head waits half-read while the other parser takes an array of its own
		assertThat(parser.parse(bytes("GET /one HTTP/1.1\r\nHost: x\r\n"))).isNull();
		RequestHead two = parse(other, "GET /two HTTP/1.1\r\nHost: x\r\n\r\n");
		RequestHead one = parser.parse(bytes("X: 1\r\n\r\n"));
		parser.reset();

		assertThat(one.path()).isEqualTo("/one");
		assertThat(one.headers().get("X")).isEqualTo("1");
		assertThat(two.path()).isEqualTo("/two");
		// each array remembers its own last head, whichever parser takes it next
		assertThat(parse(other, "GET /one HTTP/1.1\r\nHost: x\r\nX: 1\r\n\r\n")).isSameAs(one);
		assertThat(parse(parser, "GET /one HTTP/1.1\r\nHost: x\r\nX: 1\r\n\r\n")).isSameAs(one);
	}

	@Test
	void aWholeHeadWithTheVeryBytesOfTheLastIsRecalledAndTheBufferMovesPastIt() {
		String request = "GET /a HTTP/1.1\r\nHost: x\r\nX: 1\r\n\r\n";
		RequestHead first = parse(parser, request);
		HeadBytes array = buffers.take(Wire.MAX_LINE + Wire.MAX_HEADERS);
		ByteBuffer three = bytes(request + request + request + "rest");
		RequestHead[] recalled = new RequestHead[3];
		for (int i = 0; i < 3; i++) {
			int at = three.position();
			recalled[i] = array.recallWire(three, Wire.MAX_LINE, Wire.MAX_HEADERS, Wire.MAX_FIELDS);
			assertThat(three.position()).isEqualTo(at + request.length());
		}
		assertThat(recalled).containsOnly(first);
		assertThat(three.remaining()).isEqualTo(4);
		// the rest is not that head: nothing recalled, the buffer untouched
		assertThat(array.recallWire(three, Wire.MAX_LINE, Wire.MAX_HEADERS, Wire.MAX_FIELDS)).isNull();
		assertThat(three.remaining()).isEqualTo(4);
		buffers.give(array);

		// through the parser, pipelined, with the body of a request and a next request
		ByteBuffer pipelined = bytes(request + request + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(parser.parse(pipelined)).isSameAs(first);
		parser.reset();
		assertThat(parser.parse(pipelined)).isSameAs(first);
		parser.reset();
		assertThat(parser.parse(pipelined).path()).isEqualTo("/b");
		assertThat(pipelined.hasRemaining()).isFalse();
	}

	@Test
	void wireBytesThatDifferInALineEndAreJudgedAfresh() {
		RequestHead first = parse(parser, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(Wire.rejection(parser, "GET / HTTP/1.1\r\nHost: x\r\n\n")).isEqualTo(Rejection.BAD_HEADER);
		parser.reset();
		assertThat(Wire.rejection(parser, "GET / HTTP/1.1\nHost: x\r\n\r\n")).isEqualTo(Rejection.BAD_REQUEST_LINE);
		parser.reset();
		// empty lines before it are skipped, then the same bytes are the same head
		assertThat(parse(parser, "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")).isSameAs(first);
		parser.reset();
		assertThat(parse(parser, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isSameAs(first);
	}

	@Test
	void aHeadJudgedUnderLooserLimitsIsJudgedAgainUnderTighterOnes() {
		String request = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\n\r\n";
		parse(parser, request);
		parse(parser, request);
		// the same array sum (line + header limits), so the same remembering array
		RequestParser fewerFields = new RequestParser(Wire.MAX_LINE, Wire.MAX_HEADERS, 1, buffers);
		assertThat(Wire.rejection(fewerFields, request)).isEqualTo(Rejection.HEADERS_TOO_LARGE);
		parse(parser, request);
		RequestParser shorterLine = new RequestParser(10, Wire.MAX_HEADERS + Wire.MAX_LINE - 10, 100, buffers);
		assertThat(Wire.rejection(shorterLine, request)).isEqualTo(Rejection.URI_TOO_LONG);
	}

	@Test
	void aRepeatedHeadAllocatesNothing() {
		ByteBuffer wrk = bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		for (int i = 0; i < 1000; i++) {
			wrk.clear();
			parser.parse(wrk);
			parser.reset();
		}
		long before = threads.getThreadAllocatedBytes(thread);
		for (int i = 0; i < 10_000; i++) {
			wrk.clear();
			parser.parse(wrk);
			parser.reset();
		}
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		// what the measuring itself may cost, not per parse
		assertThat(allocated).as("bytes allocated by 10,000 parses").isLessThan(1000);
	}

	@Test
	void anIdleParserHoldsNoArray() {
		assertThat(parser.parse(bytes("\r\n\r\n"))).isNull();
		assertThat(parser.inProgress()).isFalse();
		RequestParser other = parser();
		RequestHead first = parse(other, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		// the array other gave back is the one parser takes: it remembers other's head
		assertThat(parse(parser, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isSameAs(first);
	}

}
