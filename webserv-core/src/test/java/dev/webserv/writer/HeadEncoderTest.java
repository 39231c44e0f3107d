package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.webserv.Headers;
import dev.webserv.writer.HeadEncoder.Framing;

class HeadEncoderTest {

	private static final byte[] DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".getBytes(StandardCharsets.US_ASCII);

	private final HeadEncoder encoder = new HeadEncoder("test");

	@Test
	void encodesStatusDateServerFieldsLengthAndKeepAliveInOrder() {
		Headers headers = new Headers().add("Content-Type", "text/plain").add("X-A", "1");

		assertThat(encode(200, headers, Framing.LENGTH, 5, 1)).isEqualTo("HTTP/1.1 200 OK\r\n"
				+ new String(DATE, StandardCharsets.US_ASCII)
				+ "Server: test\r\nContent-Type: text/plain\r\nX-A: 1\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n");
	}

	@Test
	void writesAContentTypeKeptApartFromTheHeadersAsTheFirstField() {
		ByteBuffer alone = encoder.encode(200, "text/plain", null, Framing.LENGTH, 2, 0, DATE,
				ByteBuffer.allocate(512));
		assertThat(StandardCharsets.ISO_8859_1.decode(alone).toString())
			.isEqualTo("HTTP/1.1 200 OK\r\n" + new String(DATE, StandardCharsets.US_ASCII)
					+ "Server: test\r\nContent-Type: text/plain\r\n" + "Content-Length: 2\r\n\r\n");
		ByteBuffer withOthers = encoder.encode(200, "text/plain", new Headers().add("Server", "mine"), Framing.LENGTH,
				2, 0, DATE, ByteBuffer.allocate(512));
		assertThat(StandardCharsets.ISO_8859_1.decode(withOthers).toString())
			.contains("Content-Type: text/plain\r\nServer: mine\r\n")
			.doesNotContain("Server: test");
		assertThatThrownBy(() -> encoder.encode(200, "text/plain\r\nX: y", null, Framing.LENGTH, 2, 0, DATE,
				ByteBuffer.allocate(512)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void encodesACommonHeadIntoTheScratchBufferWithoutAllocating() {
		ByteBuffer scratch = ByteBuffer.allocateDirect(8192);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		for (int i = 0; i < 1000; i++) {
			encoder.encode(200, "text/plain", null, Framing.LENGTH, 13, 0, DATE, scratch);
		}
		long before = threads.getThreadAllocatedBytes(thread);
		for (int i = 0; i < 10_000; i++) {
			encoder.encode(200, "text/plain", null, Framing.LENGTH, 13 + i, 0, DATE, scratch);
		}
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		assertThat(allocated).as("bytes allocated by 10,000 heads").isLessThan(1000);
	}

	@Test
	void framesChunkedOrNotAtAllAndClosesWhenAsked() {
		assertThat(encode(200, new Headers(), Framing.CHUNKED, -1, -1))
			.endsWith("Server: test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
			.doesNotContain("Content-Length");
		assertThat(encode(304, new Headers(), Framing.NONE, -1, 0)).startsWith("HTTP/1.1 304 Not Modified\r\n")
			.endsWith("Server: test\r\n\r\n")
			.doesNotContain("Content-Length")
			.doesNotContain("Connection");
		assertThat(encode(200, new Headers(), Framing.UNTIL_CLOSE, -1, -1)).doesNotContain("Content-Length")
			.doesNotContain("Transfer-Encoding");
	}

	@Test
	void dropsFieldsTheServerWritesItselfAndKeepsAHandlersServer() {
		Headers headers = new Headers().add("content-length", "999")
			.add("Transfer-Encoding", "gzip")
			.add("Connection", "upgrade")
			.add("Date", "yesterday")
			.add("Server", "mine");

		String head = encode(200, headers, Framing.LENGTH, 3, 0);

		assertThat(head).contains("Content-Length: 3\r\n")
			.contains("Server: mine\r\n")
			.doesNotContain("999")
			.doesNotContain("gzip")
			.doesNotContain("upgrade")
			.doesNotContain("yesterday")
			.doesNotContain("Server: test");
	}

	@Test
	void writesLengthsOfEveryWidth() {
		for (long length : new long[] { 0, 9, 10, 4096, Long.MAX_VALUE }) {
			assertThat(encode(200, new Headers(), Framing.LENGTH, length, 0))
				.contains("Content-Length: " + length + "\r\n");
		}
	}

	@Test
	void refusesFieldsThatWouldSplitTheResponse() {
		assertThatThrownBy(() -> encode(200, new Headers().add("X", "a\r\nSet-Cookie: b"), Framing.NONE, -1, 0))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> encode(200, new Headers().add("Bad Name", "v"), Framing.NONE, -1, 0))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> encode(200, new Headers().add("X:", "v"), Framing.NONE, -1, 0))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void sendsLatin1ValuesAndReplacesWhatLatin1CannotHold() {
		String head = encode(200, new Headers().add("X-Name", "caf\u00e9 \u20ac"), Framing.NONE, -1, 0);

		assertThat(head).contains("X-Name: caf\u00e9 ?\r\n");
	}

	@Test
	void growsPastTheScratchBufferForALargeHead() {
		String big = "v".repeat(20_000);
		ByteBuffer scratch = ByteBuffer.allocate(1024);

		ByteBuffer out = encoder.encode(200, new Headers().add("X-Big", big), Framing.NONE, -1, 0, DATE, scratch);

		assertThat(out).isNotSameAs(scratch);
		assertThat(StandardCharsets.ISO_8859_1.decode(out).toString()).contains("X-Big: " + big + "\r\n");
	}

	@Test
	void namesStatusesWithoutAReasonByTheirClass() {
		assertThat(new String(HeadEncoder.statusLine(299), StandardCharsets.US_ASCII))
			.isEqualTo("HTTP/1.1 299 Success\r\n");
		assertThat(new String(HeadEncoder.statusLine(507), StandardCharsets.US_ASCII))
			.isEqualTo("HTTP/1.1 507 Insufficient Storage\r\n");
	}

	@Test
	void leavesOutServerWhenNoneIsConfigured() {
		HeadEncoder anonymous = new HeadEncoder(null);

		ByteBuffer out = anonymous.encode(204, new Headers(), Framing.NONE, -1, 0, DATE, ByteBuffer.allocate(256));

		assertThat(StandardCharsets.ISO_8859_1.decode(out).toString()).doesNotContain("Server");
	}

	private String encode(int status, Headers headers, Framing framing, long length, int connection) {
		ByteBuffer out = encoder.encode(status, headers, framing, length, connection, DATE, ByteBuffer.allocate(8192));
		return StandardCharsets.ISO_8859_1.decode(out).toString();
	}

}
