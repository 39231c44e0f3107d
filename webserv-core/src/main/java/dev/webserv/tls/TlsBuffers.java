package dev.webserv.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.LoopLocal;

/**
 * The buffers one event loop's TLS connections share, touched only on its thread:
 * encrypted input is read into one and decrypted at once, output is encrypted into
 * another and written at once, and file bodies are read into a third. A connection keeps
 * bytes of its own only when a record arrived in part or the socket did not take all.
 * <p>
 * The two encrypted buffers are heap buffers: the JDK's engine encrypts and decrypts in
 * place there, and its AES-GCM takes a slower, copying path on direct buffers (measured
 * on JDK 17: about 1.6x the CPU per byte wrapped, and 2 KB more garbage per record). The
 * file buffer stays direct, so a file is read into it without a copy.
 */
public final class TlsBuffers {

	/**
	 * The largest TLS record with its header and expansion (RFC 8446 §5.2: 2^14+256+5).
	 */
	public static final int RECORD = 16384 + 256 + 5;

	/** Encrypted input read at once: room for a whole ClientHello. */
	static final int NET_IN = ClientHello.MAX_BYTES;

	/**
	 * Encrypted output made at once: five full records, so that a file buffer's worth
	 * leaves in one write (the JDK's records carry a little less than 16 KiB, so 64 KiB
	 * makes four full records and a small fifth one).
	 */
	static final int NET_OUT = 5 * RECORD + 1024;

	/** File bytes read at once: about four records' worth. */
	static final int FILE = 4 * 16384;

	private static final byte[] PLAIN_HTTP_REFUSAL = refusal();

	private static final LoopLocal<TlsBuffers> PER_LOOP = new LoopLocal<>(TlsBuffers::new);

	private final ByteBuffer netIn = ByteBuffer.allocate(NET_IN);

	private final ByteBuffer netOut = ByteBuffer.allocate(NET_OUT);

	private final ByteBuffer file = ByteBuffer.allocateDirect(FILE);

	private TlsBuffers() {
	}

	/** The loop's buffers. Call on the loop's thread. */
	public static TlsBuffers of(EventLoop loop) {
		return PER_LOOP.get(loop);
	}

	/** The input buffer, cleared; valid until control returns to the loop. */
	public ByteBuffer netIn() {
		return netIn.clear();
	}

	/** The output buffer, cleared; valid until control returns to the loop. */
	public ByteBuffer netOut() {
		return netOut.clear();
	}

	/** The file buffer; valid until the next call. */
	public ByteBuffer file() {
		return file;
	}

	/**
	 * nginx's answer to plain HTTP on a TLS port: a readable 400 that says what happened.
	 */
	public ByteBuffer plainHttpRefusal() {
		return ByteBuffer.wrap(PLAIN_HTTP_REFUSAL);
	}

	private static byte[] refusal() {
		String body = "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n"
				+ "<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
				+ "<center>The plain HTTP request was sent to HTTPS port</center>\r\n</body>\r\n</html>\r\n";
		String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: " + body.length()
				+ "\r\nConnection: close\r\n\r\n";
		return (head + body).getBytes(StandardCharsets.US_ASCII);
	}

}
