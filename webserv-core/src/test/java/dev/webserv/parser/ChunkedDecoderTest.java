package dev.webserv.parser;

import static dev.webserv.parser.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedDecoderTest {

	private static ChunkedDecoder decoder() {
		return new ChunkedDecoder(64, 64);
	}

	/** Feeds the whole input in one buffer and returns the data seen. */
	private static String decode(ChunkedDecoder decoder, ByteBuffer in) {
		StringBuilder body = new StringBuilder();
		ByteBuffer data;
		while ((data = decoder.next(in)) != null) {
			body.append(StandardCharsets.ISO_8859_1.decode(data));
		}
		return body.toString();
	}

	private static Rejection rejection(ChunkedDecoder decoder, String wire) {
		BadRequestException e = catchThrowableOfType(() -> decode(decoder, bytes(wire)), BadRequestException.class);
		assertThat(e).as("rejection of %s", wire).isNotNull();
		return e.rejection();
	}

	@Test
	void decodesChunksAndStopsAfterTheLastOne() {
		ChunkedDecoder decoder = decoder();
		ByteBuffer in = bytes("5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\nGET / HTTP/1.1\r\n");

		assertThat(decode(decoder, in)).isEqualTo("hello, world");
		assertThat(decoder.isDone()).isTrue();
		assertThat(decoder.decodedBytes()).isEqualTo(12);
		assertThat(StandardCharsets.ISO_8859_1.decode(in).toString()).isEqualTo("GET / HTTP/1.1\r\n");
	}

	@Test
	void refusesAChunkThatWouldCrossTheBodyLimitAtItsSizeLineBeforeItsData() {
		ChunkedDecoder decoder = new ChunkedDecoder(64, 64, 10);
		ByteBuffer in = bytes("6\r\nhello!\r\n5\r\n");
		assertThat(decoder.next(in).remaining()).isEqualTo(6);
		BadRequestException e = catchThrowableOfType(() -> decode(decoder, in), BadRequestException.class);
		assertThat(e.rejection()).isEqualTo(Rejection.BODY_TOO_LARGE);
		assertThat(rejection(new ChunkedDecoder(64, 64, 10), "b\r\n")).isEqualTo(Rejection.BODY_TOO_LARGE);
	}

	@Test
	void acceptsABodyOfExactlyTheLimit() {
		ChunkedDecoder decoder = new ChunkedDecoder(64, 64, 10);
		assertThat(decode(decoder, bytes("6\r\nhello!\r\n4\r\nabcd\r\n0\r\n\r\n"))).isEqualTo("hello!abcd");
		assertThat(decoder.isDone()).isTrue();
	}

	@Test
	void returnsSlicesOfTheCallersBufferWithoutCopying() {
		ByteBuffer in = bytes("3\r\nabc\r\n0\r\n\r\n");
		ByteBuffer data = decoder().next(in);

		assertThat(data.remaining()).isEqualTo(3);
		in.put(3, (byte) 'X');
		assertThat(data.get(0)).isEqualTo((byte) 'X');
	}

	@Test
	void anEmptyBodyIsJustTheLastChunk() {
		ChunkedDecoder decoder = decoder();
		assertThat(decode(decoder, bytes("0\r\n\r\n"))).isEmpty();
		assertThat(decoder.isDone()).isTrue();
		assertThat(decoder.decodedBytes()).isZero();
	}

	@Test
	void acceptsHexInAnyCaseAndLeadingZeros() {
		ChunkedDecoder decoder = decoder();
		String body = decode(decoder, bytes("0000000000000000000A\r\n0123456789\r\nb\r\nabcdefghijk\r\n000\r\n\r\n"));
		assertThat(body).isEqualTo("0123456789abcdefghijk");
		assertThat(decoder.isDone()).isTrue();
	}

	@Test
	void validatesAndIgnoresExtensions() {
		ChunkedDecoder decoder = decoder();
		String wire = "3;name\r\nabc\r\n2;a=b;c=\"x \\\" y\"\r\nde\r\n0;last=\"\"\r\n\r\n";
		assertThat(decode(decoder, bytes(wire))).isEqualTo("abcde");
		assertThat(decoder.isDone()).isTrue();
	}

	@Test
	void dropsTrailersIncludingFramingOnes() {
		ChunkedDecoder decoder = decoder();
		ByteBuffer in = bytes("1\r\nx\r\n0\r\nContent-Length: 99\r\nX-Sum:  abc \r\n\r\nnext");
		assertThat(decode(decoder, in)).isEqualTo("x");
		assertThat(decoder.isDone()).isTrue();
		assertThat(in.remaining()).isEqualTo(4);
	}

	@Test
	void followsDataSplitAcrossBuffers() {
		ChunkedDecoder decoder = decoder();
		StringBuilder body = new StringBuilder();
		for (String part : new String[] { "a\r\n012", "34", "56789\r", "\n0\r", "\n\r", "\n" }) {
			assertThat(decoder.isDone()).isFalse();
			body.append(decode(decoder, bytes(part)));
		}
		assertThat(body).hasToString("0123456789");
		assertThat(decoder.isDone()).isTrue();
	}

	@Test
	void acceptsFifteenHexDigitSizes() {
		ChunkedDecoder decoder = decoder();
		ByteBuffer in = bytes("fffffffffffffff\r\nabc");
		assertThat(decode(decoder, in)).isEqualTo("abc");
		assertThat(decoder.isDone()).isFalse();
		assertThat(decoder.decodedBytes()).isEqualTo(3);
	}

	@Test
	void returnsNothingOnceDoneAndLeavesLaterBytesAlone() {
		ChunkedDecoder decoder = decoder();
		ByteBuffer in = bytes("0\r\n\r\nX");
		assertThat(decoder.next(in)).isNull();
		assertThat(decoder.next(in)).isNull();
		assertThat(in.remaining()).isEqualTo(1);
	}

	@Test
	void canBeResetForTheNextBody() {
		ChunkedDecoder decoder = decoder();
		assertThat(decode(decoder, bytes("1\r\na\r\n0\r\n\r\n"))).isEqualTo("a");
		decoder.reset();
		assertThat(decoder.isDone()).isFalse();
		assertThat(decoder.decodedBytes()).isZero();
		assertThat(decode(decoder, bytes("2\r\nbc\r\n0\r\n\r\n"))).isEqualTo("bc");
		assertThat(decoder.isDone()).isTrue();
	}

	@ParameterizedTest(name = "refuses {0}")
	@ValueSource(strings = { ";\r\n", "+5\r\nhello\r\n0\r\n\r\n", "-5\r\n", "0x5\r\nhello\r\n", " 5\r\n", "5 \r\n",
			"5\t\r\n", "5 ;a\r\n", "5; a\r\n", "5;a =b\r\n", "5;a= b\r\n", "5;=b\r\n", "5;\r\n", "5;a=\r\n",
			"5;a=\"b\r\n", "5;a=\"b\"c\r\n", "5;a=b\u0001\r\n", "5;a=\"\u0000\"\r\n", "5;a=\"\\\u0001\"\r\n", "g\r\n",
			"5\n", "5\rx", "\r\n", "1000000000000000\r\n", "ffffffffffffffff\r\n", "5\r\nhelloX\r\n",
			"5\r\nhello\n0\r\n\r\n", "5\r\nhello\r0\r\n\r\n", "5\r\nhello\r\n0\r\n\n", "5\r\nhello\r\n0\n\r\n",
			"0\r\n\rX" })
	void refusesBrokenFramingWithBadChunk(String wire) {
		Rejection rejection = rejection(decoder(), wire);
		assertThat(rejection).isIn(Rejection.BAD_CHUNK, Rejection.BAD_HEADER, Rejection.BARE_CR);
		assertThat(rejection.status()).isEqualTo(400);
	}

	@ParameterizedTest(name = "trailer {0}")
	@ValueSource(strings = { "X : v\r\n\r\n", ": v\r\n\r\n", "X: a\u0000b\r\n\r\n", "X\r\n\r\n", "X: v\n\r\n",
			"X: v\r\n\n" })
	void checksTrailerFieldsLikeHeaderFields(String trailer) {
		assertThat(rejection(decoder(), "0\r\n" + trailer)).isEqualTo(Rejection.BAD_HEADER);
	}

	@Test
	void refusesAFoldedTrailer() {
		assertThat(rejection(decoder(), "0\r\nX: v\r\n w\r\n\r\n")).isEqualTo(Rejection.OBS_FOLD);
	}

	@Test
	void refusesChunkFramingErrorsWithBadChunkItself() {
		assertThat(rejection(decoder(), "5\r\nhelloX")).isEqualTo(Rejection.BAD_CHUNK);
		assertThat(rejection(decoder(), "5\n")).isEqualTo(Rejection.BAD_CHUNK);
		assertThat(rejection(decoder(), "5\rx")).isEqualTo(Rejection.BAD_CHUNK);
		assertThat(rejection(decoder(), "0x1\r\n")).isEqualTo(Rejection.BAD_CHUNK);
	}

	@Test
	void acceptsAChunkLineAtTheLimitAndRefusesOneByteMore() {
		String atLimit = "1;" + "e".repeat(62); // 64 bytes without CRLF
		ChunkedDecoder decoder = decoder();
		assertThat(decode(decoder, bytes(atLimit + "\r\nx\r\n0\r\n\r\n"))).isEqualTo("x");
		assertThat(decoder.isDone()).isTrue();

		assertThat(rejection(decoder(), atLimit + "e")).isEqualTo(Rejection.BAD_CHUNK);
	}

	@Test
	void acceptsATrailerSectionAtTheLimitAndRefusesOneByteMore() {
		String atLimit = "X: " + "v".repeat(59) + "\r\n"; // 64 bytes, CRLF included
		ChunkedDecoder decoder = decoder();
		decode(decoder, bytes("0\r\n" + atLimit + "\r\n"));
		assertThat(decoder.isDone()).isTrue();

		String over = "X: " + "v".repeat(60) + "\r\n";
		Rejection rejection = rejection(decoder(), "0\r\n" + over + "\r\n");
		assertThat(rejection).isEqualTo(Rejection.BAD_CHUNK);
		assertThat(rejection.status()).isEqualTo(400);
	}

	@Test
	void keepsRefusingAfterARejectionUntilReset() {
		ChunkedDecoder decoder = decoder();
		assertThat(rejection(decoder, "z")).isEqualTo(Rejection.BAD_CHUNK);
		assertThat(rejection(decoder, "0\r\n\r\n")).isEqualTo(Rejection.BAD_CHUNK);
		decoder.reset();
		decode(decoder, bytes("0\r\n\r\n"));
		assertThat(decoder.isDone()).isTrue();
	}

}
