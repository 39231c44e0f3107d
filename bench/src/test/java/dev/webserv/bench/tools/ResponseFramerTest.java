package dev.webserv.bench.tools;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Framing responses: whole, split at every byte, back to back, and refused. */
class ResponseFramerTest {

	private static final String HELLO = "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 05:21:58 GMT\r\nServer: webserv\r\n"
			+ "Content-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!";

	@Test
	void aWholeResponseCompletesWithItsStatusAndLeavesNothing() throws Exception {
		ResponseFramer framer = new ResponseFramer();
		ByteBuffer in = bytes(HELLO);
		assertThat(framer.consume(in)).isTrue();
		assertThat(framer.status()).isEqualTo(200);
		assertThat(in.hasRemaining()).isFalse();
	}

	@Test
	void aResponseSplitAtEveryByteCompletesOnlyAtItsLastByte() throws Exception {
		byte[] all = HELLO.getBytes(StandardCharsets.US_ASCII);
		for (int split = 1; split < all.length; split++) {
			ResponseFramer framer = new ResponseFramer();
			assertThat(framer.consume(ByteBuffer.wrap(all, 0, split))).as("split at %d", split).isFalse();
			assertThat(framer.consume(ByteBuffer.wrap(all, split, all.length - split))).as("split at %d", split)
				.isTrue();
			assertThat(framer.status()).isEqualTo(200);
		}
	}

	@Test
	void backToBackResponsesAreFramedOneAtATime() throws Exception {
		ResponseFramer framer = new ResponseFramer();
		ByteBuffer in = bytes(HELLO + "HTTP/1.1 404 Not Found\r\ncontent-LENGTH:0\r\n\r\n" + HELLO);
		assertThat(framer.consume(in)).isTrue();
		assertThat(framer.status()).isEqualTo(200);
		assertThat(framer.consume(in)).isTrue();
		assertThat(framer.status()).isEqualTo(404);
		assertThat(framer.consume(in)).isTrue();
		assertThat(in.hasRemaining()).isFalse();
	}

	@Test
	void aStatusLineWithoutAReasonIsAccepted() throws Exception {
		ResponseFramer framer = new ResponseFramer();
		assertThat(framer.consume(bytes("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"))).isTrue();
		assertThat(framer.status()).isEqualTo(200);
	}

	@Test
	void aResponseWithoutContentLengthIsRefused() {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> new ResponseFramer()
			.consume(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\nHello, World!\r\n0\r\n\r\n")));
	}

	@Test
	void somethingOtherThanAStatusLineIsRefused() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> new ResponseFramer().consume(bytes("Hello, World!\r\n")));
	}

	@Test
	void aBadContentLengthIsRefused() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> new ResponseFramer().consume(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")));
	}

	@Test
	void aHeadWithoutEndIsRefusedOnceLongerThanTheBound() {
		String endless = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(3000);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> new ResponseFramer().consume(bytes(endless)));
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
	}

}
