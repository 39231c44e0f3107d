package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import dev.webserv.Headers;
import dev.webserv.Methods;
import dev.webserv.Status;
import dev.webserv.parser.RequestHead;
import dev.webserv.writer.FileBody;
import dev.webserv.writer.HeadEncoder.Framing;
import dev.webserv.writer.Output;

/**
 * A response written part by part: commits the head with its framing (the handler's
 * Content-Length, else chunked on HTTP/1.1, else until the close), frames each write, and
 * completes write futures once their bytes are handed to the socket, or at once (copying)
 * while the output stays under the high-water mark. Bounded: past {@link #MAX_QUEUED}
 * bytes or {@link #MAX_FUTURES} pending futures a write is refused (its exchange is then
 * aborted). Loop thread only, but {@link #committed()} and the status may be read and set
 * from any thread.
 */
final class ResponseStream {

	/** Queued bytes under which a write completes at once. */
	static final int HIGH_WATER = Output.MAX_PENDING_BYTES;

	/** Queued bytes past which a write is refused. */
	static final long MAX_QUEUED = 4L * 1024 * 1024;

	/** Write futures pending past which a write is refused. */
	static final int MAX_FUTURES = 1024;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final ResponseQueue responses;

	private final Output output;

	private final RequestHead head;

	private final Runnable onProgress;

	private final Headers headers = new Headers(8);

	private volatile int status = 200;

	private volatile boolean committed;

	private Framing framing;

	private long length = -1;

	private boolean sendBody;

	private boolean keepAlive;

	private long base;

	private int headLength;

	private long queued;

	private long bodyQueued;

	private int futures;

	/**
	 * @param onProgress run when queued bytes reach the socket
	 */
	ResponseStream(ResponseQueue responses, RequestHead head, Runnable onProgress) {
		this.responses = responses;
		this.output = responses.output();
		this.head = head;
		this.onProgress = onProgress;
	}

	Headers headers() {
		return headers;
	}

	int status() {
		return status;
	}

	void status(int status) {
		this.status = status;
	}

	boolean committed() {
		return committed;
	}

	/** Whether the connection may stay open after this response (once committed). */
	boolean keepAlive() {
		return keepAlive;
	}

	/** Whether output is waiting for the socket. */
	boolean sending() {
		return !output.isEmpty();
	}

	/**
	 * Queues the head, once.
	 * @param ending whether the response ends with nothing written (then Content-Length:
	 * 0)
	 * @param keepAliveAllowed whether the connection may stay open, as far as it knows
	 * @throws IllegalArgumentException for an invalid header (nothing is queued then)
	 */
	void commit(boolean ending, boolean keepAliveAllowed) {
		if (committed) {
			return;
		}
		boolean isHead = head.method().equals(Methods.HEAD);
		sendBody = !isHead && !Status.forbidsBody(status);
		keepAlive = keepAliveAllowed;
		String declared = headers.get("Content-Length");
		if (Status.forbidsBody(status) || isHead && declared == null) {
			framing = Framing.NONE;
		}
		else if (declared != null) {
			length = parseLength(declared);
			framing = Framing.LENGTH;
		}
		else if (ending) {
			length = 0;
			framing = Framing.LENGTH;
		}
		else if (head.http11()) {
			framing = Framing.CHUNKED;
		}
		else {
			framing = Framing.UNTIL_CLOSE;
			keepAlive = false;
		}
		if (ResponseQueue.asksToClose(headers)) {
			keepAlive = false;
		}
		long before = output.bytesWritten() + output.pendingBytes();
		headLength = responses.head(status, headers, framing, length, keepAlive, head.http11());
		base = before;
		queued = headLength;
		committed = true;
	}

	private static long parseLength(String value) {
		String trimmed = value.trim();
		if (trimmed.isEmpty() || trimmed.length() > 18) {
			throw new IllegalArgumentException("Content-Length is not a length: " + value);
		}
		for (int i = 0; i < trimmed.length(); i++) {
			if (trimmed.charAt(i) < '0' || trimmed.charAt(i) > '9') {
				throw new IllegalArgumentException("Content-Length is not a length: " + value);
			}
		}
		return Long.parseLong(trimmed);
	}

	/** Queues body bytes (after the commit); {@code done} completes as documented. */
	void write(ByteBuffer data, CompletableFuture<Void> done) {
		int size = data.remaining();
		if (!sendBody || size == 0) {
			done.complete(null);
			return;
		}
		reserve(size);
		boolean atOnce = output.pendingBytes() + size <= HIGH_WATER;
		chunkStart(size);
		if (atOnce) {
			output.append(data.duplicate());
		}
		else {
			output.add(data.duplicate());
		}
		chunkEnd();
		queued += size;
		bodyQueued += size;
		if (atOnce) {
			done.complete(null);
		}
		else {
			whenSent(done);
		}
	}

	/** Queues a file region, sent zero-copy; the file is opened off the loop. */
	void write(Path path, long offset, long size, CompletableFuture<Void> done) throws IOException {
		if (!sendBody || size == 0) {
			done.complete(null);
			return;
		}
		reserve(size);
		FileBody file = responses.fileBody(path, FileBody.regularFile(path), offset, size);
		chunkStart(size);
		output.add(file);
		chunkEnd();
		queued += size;
		bodyQueued += size;
		whenSent(done);
	}

	/** Completes {@code done} when everything queued so far has been written. */
	void whenSent(CompletableFuture<Void> done) {
		futures++;
		output.whenSent(new Output.Sent() {
			@Override
			public void sent() {
				futures--;
				onProgress.run();
				done.complete(null);
			}

			@Override
			public void dropped() {
				futures--;
				done.completeExceptionally(new IOException("the connection closed before the bytes were written"));
			}
		});
	}

	/**
	 * Queues the end of the body.
	 * @throws IllegalStateException when fewer bytes than the Content-Length were written
	 */
	void end() {
		if (framing == Framing.LENGTH && sendBody && bodyQueued < length) {
			throw new IllegalStateException(
					"the response ended " + (length - bodyQueued) + " bytes short of its Content-Length");
		}
		if (framing == Framing.CHUNKED && sendBody) {
			output.append(LAST_CHUNK);
			queued += LAST_CHUNK.length;
		}
	}

	private void reserve(long size) {
		if (framing == Framing.LENGTH && bodyQueued + size > length) {
			throw new IllegalStateException("the body would pass its Content-Length, " + length);
		}
		if (output.pendingBytes() > MAX_QUEUED || futures >= MAX_FUTURES) {
			throw new IllegalStateException("more than " + MAX_QUEUED + " bytes or " + MAX_FUTURES
					+ " writes queued: a writer must wait for its write futures");
		}
	}

	private void chunkStart(long size) {
		if (framing == Framing.CHUNKED) {
			byte[] line = (Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			output.append(line);
			queued += line.length;
		}
	}

	private void chunkEnd() {
		if (framing == Framing.CHUNKED) {
			output.append(CRLF);
			queued += CRLF.length;
		}
	}

	/** The bytes of this response written so far. */
	long sent() {
		return committed ? Math.max(0, Math.min(output.bytesWritten() - base, queued)) : 0;
	}

	/** The bytes of this response's body (its framing included) written so far. */
	long bodySent() {
		return Math.max(0, sent() - headLength);
	}

}
