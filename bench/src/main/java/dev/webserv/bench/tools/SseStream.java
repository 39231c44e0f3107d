package dev.webserv.bench.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One subscriber's connection for {@link SseClients}: its request, and a parser of what
 * comes back (the response head, which must be a 200; a chunked or close-delimited body;
 * the event stream's {@code data:} lines), telling each event's sequence gap and latency.
 */
final class SseStream {

	/** Told of every event: how many it skipped, and how old it is. */
	interface Events {

		void event(long gap, long latencyMicros);

	}

	private static final int MAX_LINE = 4096;

	private final SocketChannel channel;

	private final ByteBuffer request;

	private final Events events;

	private final StringBuilder head = new StringBuilder();

	private boolean headDone;

	private boolean chunked;

	/** Chunked body: the bytes left in this chunk, or -1 while reading a size line. */
	private long chunkLeft = -1;

	/** Chunked body: CR LF after a chunk's data still to skip. */
	private int skip;

	private final StringBuilder sizeLine = new StringBuilder();

	private final byte[] line = new byte[MAX_LINE];

	private int lineLength;

	private long lastSequence = -1;

	private boolean failed;

	SseStream(SocketChannel channel, ByteBuffer request, Events events) {
		this.channel = channel;
		this.request = request;
		this.events = events;
	}

	SocketChannel channel() {
		return channel;
	}

	ByteBuffer request() {
		return request;
	}

	boolean subscribed() {
		return lastSequence >= 0;
	}

	boolean failed() {
		return failed;
	}

	void fail() {
		failed = true;
	}

	/** Everything in {@code in}, which arrived at {@code arrivedMicros}. */
	void consume(ByteBuffer in, long arrivedMicros) throws IOException {
		while (in.hasRemaining()) {
			byte b = in.get();
			if (!headDone) {
				head(b);
			}
			else if (!chunked) {
				body(b, arrivedMicros);
			}
			else {
				chunked(b, arrivedMicros);
			}
		}
	}

	private void head(byte b) throws IOException {
		head.append((char) b);
		if (head.length() > 16 * 1024) {
			throw new IOException("response head too long");
		}
		int n = head.length();
		if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
			String text = head.toString();
			if (!text.startsWith("HTTP/1.1 200")) {
				throw new IOException("not a 200: " + text.lines().findFirst().orElse(""));
			}
			chunked = text.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n");
			headDone = true;
		}
	}

	private void chunked(byte b, long arrivedMicros) throws IOException {
		if (skip > 0) {
			skip--;
		}
		else if (chunkLeft < 0) {
			if (b == '\n') {
				String size = sizeLine.toString().strip();
				int extension = size.indexOf(';');
				chunkLeft = Long.parseLong((extension >= 0) ? size.substring(0, extension) : size, 16);
				sizeLine.setLength(0);
				if (chunkLeft == 0) {
					throw new IOException("the event stream ended");
				}
			}
			else if (sizeLine.length() < 64) {
				sizeLine.append((char) b);
			}
		}
		else {
			body(b, arrivedMicros);
			if (--chunkLeft == 0) {
				chunkLeft = -1;
				skip = 2;
			}
		}
	}

	private void body(byte b, long arrivedMicros) throws IOException {
		if (b == '\n') {
			line(arrivedMicros);
			lineLength = 0;
		}
		else if (b != '\r') {
			if (lineLength == MAX_LINE) {
				throw new IOException("event line too long");
			}
			line[lineLength++] = b;
		}
	}

	/** A "data:" line: "sequence micros". Other lines (blank, comments) say nothing. */
	private void line(long arrivedMicros) {
		String text = new String(line, 0, lineLength, StandardCharsets.US_ASCII);
		if (!text.startsWith("data:")) {
			return;
		}
		String[] parts = text.substring(5).strip().split(" ");
		long sequence = Long.parseLong(parts[0]);
		long published = Long.parseLong(parts[1]);
		long gap = (lastSequence >= 0) ? Math.max(0, sequence - lastSequence - 1) : 0;
		lastSequence = sequence;
		events.event(gap, arrivedMicros - published);
	}

}
