package dev.webserv.writer;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.webserv.Headers;
import dev.webserv.Status;

/**
 * Encodes a response head into bytes. Status lines and the constant Server line are
 * encoded once; header values with a control character other than HTAB (CR and LF
 * included) are refused, so a handler cannot split a response or send one a client
 * refuses.
 */
public final class HeadEncoder {

	/** Status lines of 100 to 599, made once; never written after. */
	private static final byte[][] STATUS_LINES = new byte[500][];

	static {
		for (int i = 0; i < STATUS_LINES.length; i++) {
			STATUS_LINES[i] = line(100 + i);
		}
	}

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");

	private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");

	private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");

	private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");

	private static final String CONTENT_TYPE = "Content-Type";

	private final byte[] serverLine;

	public HeadEncoder(String serverHeader) {
		this.serverLine = serverHeader == null || serverHeader.isEmpty() ? new byte[0]
				: ascii("Server: " + serverHeader + "\r\n");
	}

	/** How the head frames the body that follows. */
	public enum Framing {

		/** Content-Length: n. */
		LENGTH,
		/** Transfer-Encoding: chunked. */
		CHUNKED,
		/** No length: the body ends when the connection closes (HTTP/1.0 streams). */
		UNTIL_CLOSE,
		/** No body and no Content-Length (1xx, 204, 304). */
		NONE

	}

	/**
	 * Encodes the head into {@code scratch} (or a new buffer when it does not fit) and
	 * returns it flipped.
	 * @param connection 1 = "Connection: keep-alive", -1 = "Connection: close", 0 = no
	 * Connection field
	 */
	public ByteBuffer encode(int status, Headers headers, Framing framing, long contentLength, int connection,
			byte[] dateLine, ByteBuffer scratch) {
		return encode(status, null, headers, framing, contentLength, connection, dateLine, scratch);
	}

	/**
	 * As {@link #encode(int, Headers, Framing, long, int, byte[], ByteBuffer)}, for a
	 * response whose Content-Type may be kept apart from its headers (see
	 * {@link dev.webserv.Response#headersIfAny()}).
	 * @param contentType a Content-Type to write before the headers, or null
	 * @param headers the other fields, or null for none
	 */
	public ByteBuffer encode(int status, String contentType, Headers headers, Framing framing, long contentLength,
			int connection, byte[] dateLine, ByteBuffer scratch) {
		byte[] statusLine = statusLine(status);
		int size = statusLine.length + dateLine.length + serverLine.length + 64;
		int fields = headers == null ? 0 : headers.size();
		for (int i = 0; i < fields; i++) {
			size += headers.name(i).length() + headers.value(i).length() + 4;
		}
		if (contentType != null) {
			size += CONTENT_TYPE.length() + contentType.length() + 4;
		}
		ByteBuffer out = size <= scratch.capacity() ? scratch.clear() : ByteBuffer.allocate(size);
		out.put(statusLine).put(dateLine);
		if (fields == 0 || !headers.contains("Server")) {
			out.put(serverLine);
		}
		if (contentType != null) {
			putField(out, CONTENT_TYPE, contentType);
		}
		for (int i = 0; i < fields; i++) {
			String name = headers.name(i);
			if (!managed(name)) {
				putField(out, name, headers.value(i));
			}
		}
		if (framing == Framing.LENGTH) {
			out.put(CONTENT_LENGTH);
			putDecimal(out, contentLength);
			out.put(CRLF);
		}
		else if (framing == Framing.CHUNKED) {
			out.put(CHUNKED);
		}
		if (connection > 0) {
			out.put(CONNECTION_KEEP_ALIVE);
		}
		else if (connection < 0) {
			out.put(CONNECTION_CLOSE);
		}
		out.put(CRLF);
		return out.flip();
	}

	/** Fields the server writes itself; a handler's values for them are dropped. */
	private static boolean managed(String name) {
		return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
				|| name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Date");
	}

	/**
	 * Writes "name: value" and CRLF, each character checked as it is copied: into the
	 * array at once when the buffer has one (the loop's scratch buffer does).
	 */
	private static void putField(ByteBuffer out, String name, String value) {
		int length = name.length() + value.length() + 4;
		if (out.remaining() < length) {
			throw new BufferOverflowException();
		}
		if (out.hasArray()) {
			byte[] bytes = out.array();
			int at = out.arrayOffset() + out.position();
			for (int i = 0; i < name.length(); i++) {
				bytes[at++] = nameByte(name, i);
			}
			bytes[at++] = ':';
			bytes[at++] = ' ';
			for (int i = 0; i < value.length(); i++) {
				bytes[at++] = valueByte(name, value.charAt(i));
			}
			bytes[at++] = '\r';
			bytes[at] = '\n';
			out.position(out.position() + length);
			return;
		}
		for (int i = 0; i < name.length(); i++) {
			out.put(nameByte(name, i));
		}
		out.put((byte) ':').put((byte) ' ');
		for (int i = 0; i < value.length(); i++) {
			out.put(valueByte(name, value.charAt(i)));
		}
		out.put(CRLF);
	}

	/** A token's character: no space, control character, colon or non-ASCII. */
	private static byte nameByte(String name, int index) {
		char c = name.charAt(index);
		if (c <= ' ' || c >= 127 || c == ':') {
			throw new IllegalArgumentException("invalid header name: " + name);
		}
		return (byte) c;
	}

	/**
	 * RFC 9110 5.5: no control character but HTAB (CR or LF would split the response);
	 * beyond Latin-1, '?'.
	 */
	private static byte valueByte(String name, char c) {
		if ((c < ' ' && c != '\t') || c == 127) {
			throw new IllegalArgumentException("header " + name + " has a control character in its value");
		}
		return c < 256 ? (byte) c : (byte) '?';
	}

	/** Writes a non-negative number in decimal without making a String. */
	private static void putDecimal(ByteBuffer out, long value) {
		if (value < 10) {
			out.put((byte) ('0' + value));
			return;
		}
		int digits = 0;
		for (long rest = value; rest > 0; rest /= 10) {
			digits++;
		}
		int end = out.position() + digits;
		for (int at = end - 1; value > 0; at--, value /= 10) {
			out.put(at, (byte) ('0' + value % 10));
		}
		out.position(end);
	}

	public static byte[] statusLine(int status) {
		return status >= 100 && status < 600 ? STATUS_LINES[status - 100] : line(status);
	}

	private static byte[] line(int status) {
		return ascii("HTTP/1.1 " + status + " " + Status.reason(status) + "\r\n");
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
