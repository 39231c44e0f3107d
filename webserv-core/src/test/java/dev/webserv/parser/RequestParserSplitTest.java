package dev.webserv.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same request split at every byte, or fed a byte at a time, must give exactly the
 * unsplit result.
 */
class RequestParserSplitTest {

	private static final String[] CORPUS = { "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
			"GET /a%20b/./c/../d?x=1&y=%2F+z HTTP/1.1\r\nHost:h\r\nAccept:  text/html, */*;q=0.8 \t\r\n"
					+ "User-Agent: test/1.0\r\nX-Empty:\r\n\r\n",
			"GET HTTP://Example.com:8080/p?q HTTP/1.1\r\nHost: EXAMPLE.com\r\nConnection: close\r\n\r\n",
			"OPTIONS * HTTP/1.1\r\nHost: h:80\r\n\r\n", "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
			"POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello=worldGET /next HTTP/1.1\r\n",
			"POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "5;a=b;c=\"q\\\"x\"\r\nhello\r\n1\r\n \r\n05\r\nworld\r\n0\r\nX-Sum: 1\r\nContent-Length: 9\r\n\r\n"
					+ "GET /pipelined HTTP/1.1\r\n",
			"\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: h\r\n\r\n",
			"GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\u00e9 \u00ff\u0080\r\n\r\n",
			"PUT /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "A\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n",
			"GET /v6 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n\r\n",
			"POST /empty HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\r\n",
			"DELETE /x//y/ HTTP/1.1\r\nHost: h\r\nX-Tab:\tv\t1\t\r\nContent-Length: 0\r\n\r\n", };

	/** Every corpus entry, so a new one is split too. */
	static Stream<String> corpus() {
		return Stream.of(CORPUS);
	}

	@ParameterizedTest(name = "corpus #{index}")
	@MethodSource("corpus")
	void givesTheSameResultWhereverTheInputIsSplit(String request) {
		byte[] wire = request.getBytes(StandardCharsets.ISO_8859_1);
		String whole = run(List.of(wire));
		assertThat(whole).contains("complete=true");

		for (int cut = 1; cut < wire.length; cut++) {
			String split = run(List.of(Arrays.copyOfRange(wire, 0, cut), Arrays.copyOfRange(wire, cut, wire.length)));
			assertThat(split).as("split at %d", cut).isEqualTo(whole);
		}
		assertThat(run(oneByteAtATime(wire))).as("one byte at a time").isEqualTo(whole);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET / HTTP/1.1\r\nHost: h\rX\r\n\r\n", "GET / HTTP/1.1\r\nHost: h\r\n\n",
			"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", "GET /../x HTTP/1.1\r\nHost: h\r\n\r\n",
			"GET / HTTP/2.0\r\nHost: h\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX0\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\r\n" })
	void refusesTheSameWayWhereverTheInputIsSplit(String request) {
		byte[] wire = request.getBytes(StandardCharsets.ISO_8859_1);
		Rejection whole = rejection(List.of(wire));
		assertThat(whole).isNotNull();
		for (int cut = 1; cut < wire.length; cut++) {
			List<byte[]> parts = List.of(Arrays.copyOfRange(wire, 0, cut), Arrays.copyOfRange(wire, cut, wire.length));
			assertThat(rejection(parts)).as("split at %d", cut).isEqualTo(whole);
		}
		assertThat(rejection(oneByteAtATime(wire))).isEqualTo(whole);
	}

	private static List<byte[]> oneByteAtATime(byte[] wire) {
		List<byte[]> parts = new ArrayList<>(wire.length);
		for (byte b : wire) {
			parts.add(new byte[] { b });
		}
		return parts;
	}

	private static Rejection rejection(List<byte[]> parts) {
		BadRequestException e = catchThrowableOfType(() -> run(parts), BadRequestException.class);
		return e == null ? null : e.rejection();
	}

	/**
	 * Plays a connection: parse the head, then read the body (Content-Length or chunked),
	 * and describe all it saw, including the bytes left over for a next request.
	 */
	private static String run(List<byte[]> parts) {
		RequestParser parser = new RequestParser(1024, 1024, 20);
		ChunkedDecoder decoder = new ChunkedDecoder(64, 256);
		RequestHead head = null;
		long lengthLeft = 0;
		StringBuilder body = new StringBuilder();
		StringBuilder rest = new StringBuilder();
		for (byte[] part : parts) {
			ByteBuffer in = ByteBuffer.wrap(part);
			if (head == null) {
				head = parser.parse(in);
				if (head == null) {
					assertThat(in.hasRemaining()).isFalse();
					continue;
				}
				lengthLeft = Math.max(head.contentLength(), 0);
			}
			if (head.chunked()) {
				ByteBuffer data;
				while ((data = decoder.next(in)) != null) {
					body.append(latin1(data));
				}
			}
			else {
				int n = (int) Math.min(lengthLeft, in.remaining());
				body.append(latin1(in.slice(in.position(), n)));
				in.position(in.position() + n);
				lengthLeft -= n;
			}
			rest.append(latin1(in));
		}
		boolean complete = head != null && (head.chunked() ? decoder.isDone() : lengthLeft == 0);
		return head + "\nbody=" + body + "\nrest=" + rest + "\ncomplete=" + complete + "\ndecoded="
				+ decoder.decodedBytes();
	}

	private static String latin1(ByteBuffer buffer) {
		return StandardCharsets.ISO_8859_1.decode(buffer).toString();
	}

}
