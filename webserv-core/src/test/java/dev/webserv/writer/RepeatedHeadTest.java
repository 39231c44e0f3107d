package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.webserv.Headers;
import dev.webserv.writer.HeadEncoder.Framing;

/**
 * The loop's last response head, kept as bytes: a head that would come out the same is
 * written from them, and any input that differs, however little, gives exactly the head
 * the encoder makes for it, never the kept one.
 */
class RepeatedHeadTest {

	private static final byte[] DATE = date("Sun, 06 Nov 1994 08:49:37 GMT");

	private static final HeadEncoder ENCODER = new HeadEncoder("test");

	private final RepeatedHead repeated = new RepeatedHead();

	private final ByteBuffer scratch = ByteBuffer.allocate(8192);

	/** The inputs of one head. */
	record Head(HeadEncoder encoder, int status, String contentType, Framing framing, long length, int connection,
			byte[] date) {

		String encoded() {
			return text(encoder.encode(status, contentType, null, framing, length, connection, date,
					ByteBuffer.allocate(8192)));
		}

	}

	private static final Head HELLO = new Head(ENCODER, 200, "text/plain", Framing.LENGTH, 13, 0, DATE);

	@Test
	void theSameHeadIsWrittenFromTheKeptBytes() {
		String expected = HELLO.encoded();
		ByteBuffer first = encode(HELLO);
		assertThat(text(first)).isEqualTo(expected);
		ByteBuffer second = encode(HELLO);
		assertThat(second).as("the kept bytes, not the scratch buffer").isNotSameAs(scratch);
		assertThat(text(second)).isEqualTo(expected);
		// what the caller did with the first buffer changes nothing kept
		scratch.clear().put(new byte[64]);
		assertThat(text(encode(HELLO))).isEqualTo(expected);
		// an equal Content-Type that is another String object is the same head
		assertThat(text(encode(new Head(ENCODER, 200, new String("text/plain"), Framing.LENGTH, 13, 0, DATE))))
			.isEqualTo(expected);
	}

	@Test
	void anyInputThatDiffersGivesTheEncodersHeadForIt() {
		List<UnaryOperator<Head>> changes = List.of(
				h -> new Head(new HeadEncoder("other"), h.status, h.contentType, h.framing, h.length, h.connection,
						h.date),
				h -> new Head(h.encoder, 404, h.contentType, h.framing, h.length, h.connection, h.date),
				h -> new Head(h.encoder, h.status, "text/html", h.framing, h.length, h.connection, h.date),
				h -> new Head(h.encoder, h.status, null, h.framing, h.length, h.connection, h.date),
				h -> new Head(h.encoder, h.status, h.contentType, Framing.CHUNKED, h.length, h.connection, h.date),
				h -> new Head(h.encoder, h.status, h.contentType, h.framing, 14, h.connection, h.date),
				h -> new Head(h.encoder, h.status, h.contentType, h.framing, h.length, -1, h.date),
				h -> new Head(h.encoder, h.status, h.contentType, h.framing, h.length, 1, h.date),
				h -> new Head(h.encoder, h.status, h.contentType, h.framing, h.length, h.connection,
						date("Sun, 06 Nov 1994 08:49:38 GMT")));
		for (UnaryOperator<Head> change : changes) {
			encode(HELLO);
			encode(HELLO);
			Head other = change.apply(HELLO);
			assertThat(text(encode(other))).isEqualTo(other.encoded()).isNotEqualTo(HELLO.encoded());
			assertThat(text(encode(other))).as("kept in turn").isEqualTo(other.encoded());
			assertThat(text(encode(HELLO))).isEqualTo(HELLO.encoded());
		}
	}

	@Test
	void aRefusedHeadIsNotKeptAndForgetsTheLast() {
		encode(HELLO);
		Head split = new Head(ENCODER, 200, "text/plain\r\nX-Injected: 1", Framing.LENGTH, 13, 0, DATE);
		assertThatThrownBy(() -> encode(split)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> encode(split)).isInstanceOf(IllegalArgumentException.class);
		assertThat(text(encode(HELLO))).isEqualTo(HELLO.encoded());
	}

	@Test
	void aHeadLongerThanWhatIsKeptIsEncodedEachTime() {
		Head longType = new Head(ENCODER, 200, "text/plain; x=" + "y".repeat(RepeatedHead.KEPT), Framing.LENGTH, 13, 0,
				DATE);
		assertThat(text(encode(longType))).isEqualTo(longType.encoded());
		ByteBuffer again = encode(longType);
		assertThat(again).as("encoded into the scratch buffer").isSameAs(scratch);
		assertThat(text(again)).isEqualTo(longType.encoded());
	}

	@Test
	void readOnlyFieldsAreKeptByIdentityAndOthersNever() {
		Headers fields = new Headers().add("ETag", "\"a-1\"").add("Content-Type", "a/b").readOnly();
		String expected = text(
				ENCODER.encode(200, null, fields, Framing.LENGTH, 65536, 0, DATE, ByteBuffer.allocate(8192)));
		assertThat(text(encode(fields))).isEqualTo(expected);
		assertThat(encode(fields)).as("the kept bytes").isNotSameAs(scratch);
		assertThat(text(encode(fields))).isEqualTo(expected);

		// equal fields in another object, or writable ones: encoded afresh, never the
		// kept
		// bytes (a writable object may have changed since)
		Headers equal = new Headers().add("ETag", "\"a-1\"").add("Content-Type", "a/b").readOnly();
		assertThat(encode(equal)).isSameAs(scratch);
		Headers writable = new Headers().add("ETag", "\"a-2\"").add("Content-Type", "a/b");
		assertThat(encode(writable)).isSameAs(scratch);
		writable.set("ETag", "\"a-3\"");
		assertThat(text(encode(writable))).contains("ETag: \"a-3\"").doesNotContain("a-2");
		assertThat(encode(writable)).as("still not kept").isSameAs(scratch);

		// another version of a file has other fields: its own head, not the last one
		Headers next = new Headers().add("ETag", "\"b-1\"").add("Content-Type", "a/b").readOnly();
		assertThat(text(encode(next))).contains("ETag: \"b-1\"").doesNotContain("a-1");
		assertThat(text(encode(fields))).isEqualTo(expected);
		assertThat(text(encode(HELLO))).isEqualTo(HELLO.encoded());
	}

	private ByteBuffer encode(Headers fields) {
		return repeated.encode(ENCODER, 200, null, fields, Framing.LENGTH, 65536, 0, DATE, scratch);
	}

	private ByteBuffer encode(Head head) {
		return repeated.encode(head.encoder, head.status, head.contentType, head.framing, head.length, head.connection,
				head.date, scratch);
	}

	private static String text(ByteBuffer buffer) {
		return StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
	}

	private static byte[] date(String date) {
		return ("Date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII);
	}

}
