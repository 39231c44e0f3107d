package dev.webserv.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import dev.webserv.runtime.ServerRuntime;
import dev.webserv.Headers;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.handler.ErrorPages;
import dev.webserv.parser.RequestHead;
import dev.webserv.writer.DateCache;
import dev.webserv.writer.RepeatedHead;
import dev.webserv.writer.FileBody;
import dev.webserv.writer.HeadEncoder.Framing;
import dev.webserv.writer.Output;
import dev.webserv.writer.StreamBody;

/**
 * Turns a {@link Response} into output: picks the framing (Content-Length, chunked, or
 * until-close for an HTTP/1.0 stream), stats files (they are opened off the loop), drops
 * bodies for HEAD, 1xx, 204 and 304. Nothing reaches the output until the whole head is
 * known to be valid, so a failure here can still become a clean error response.
 */
final class ResponseQueue {

	private final ServerRuntime server;

	private final EventLoop loop;

	private final Output output;

	private final DateCache dates;

	private final RepeatedHead repeated;

	/** resumed when a stream body has read its next chunk */
	private final LoopWork work;

	ResponseQueue(ServerRuntime server, EventLoop loop, Output output, LoopCaches caches, LoopWork work) {
		this.server = server;
		this.loop = loop;
		this.output = output;
		this.dates = caches.dates();
		this.repeated = caches.responseHead();
		this.work = work;
	}

	/** Queues an interim response (100 Continue) ahead of the final one. */
	void interim(ByteBuffer encoded) {
		output.add(encoded);
	}

	/**
	 * Where one queued response lies in the output; an exchange that is reused keeps one
	 * and has it filled again ({@link #queue(Response, RequestHead, boolean, Queued)}).
	 */
	static final class Queued {

		/** the status sent (a fallback's when the response could not be) */
		private int status;

		/** whether the connection may stay open after it */
		private boolean keepAlive;

		/** the output's buffered position before its head */
		private long from;

		/** the position after its head and byte body */
		private long to;

		/** its file or stream body, or null */
		private Output.Body body;

		/** the bytes of its head */
		private int headLength;

		int status() {
			return status;
		}

		boolean keepAlive() {
			return keepAlive;
		}

		/** The bytes of this response written so far. */
		long sent(Output output) {
			long buffers = Math.max(0, Math.min(output.buffersWritten() - from, to - from));
			return buffers + (body == null ? 0 : body.written());
		}

		/** The bytes of this response's body written so far. */
		long bodySent(Output output) {
			return Math.max(0, sent(output) - headLength);
		}

		/** Lets go of the body of a response long sent. */
		void forget() {
			body = null;
		}

		private Queued set(int status, boolean keepAlive, long from, long to, Output.Body body, int headLength) {
			this.status = status;
			this.keepAlive = keepAlive;
			this.from = from;
			this.to = to;
			this.body = body;
			this.headLength = headLength;
			return this;
		}

	}

	/**
	 * Queues the response for the request whose head is given (null when the head never
	 * parsed).
	 */
	Queued queue(Response response, RequestHead head, boolean keepAlive) {
		return queue(response, head, keepAlive, new Queued());
	}

	/**
	 * The same, filling {@code into} (which must not describe a response still queued).
	 */
	Queued queue(Response response, RequestHead head, boolean keepAlive, Queued into) {
		try {
			return encode(response, head, keepAlive, into);
		}
		catch (IOException | RuntimeException e) {
			discard(response);
			int status = response.status() >= 400 ? response.status() // an error page
																		// that vanished:
																		// keep its status
					: e instanceof NoSuchFileException ? 404 : e instanceof AccessDeniedException ? 403 : 500;
			Response fallback = Response.error(status)
				.contentType("text/html; charset=utf-8")
				.body(ErrorPages.defaultPage(status));
			try {
				return encode(fallback, head, keepAlive, into);
			}
			catch (IOException impossible) {
				throw new IllegalStateException(impossible);
			}
		}
	}

	/**
	 * Encodes a response head and queues it; nothing is queued when it is invalid.
	 * @return its length in bytes
	 * @throws IllegalArgumentException when a header field is invalid
	 */
	int head(int status, Headers headers, Framing framing, long length, boolean keepAlive, boolean http11) {
		return head(status, null, headers, framing, length, keepAlive, http11);
	}

	private int head(int status, String contentType, Headers headers, Framing framing, long length, boolean keepAlive,
			boolean http11) {
		int connection = !keepAlive ? -1 : http11 ? 0 : 1;
		byte[] date = dates.line(loop.epochMillis());
		// read-only fields are a static file's, the same for every response about it
		ByteBuffer encoded = headers == null || headers.isReadOnly()
				? repeated.encode(server.encoder(), status, contentType, headers, framing, length, connection, date,
						output.scratch())
				: server.encoder()
					.encode(status, contentType, headers, framing, length, connection, date, output.scratch());
		int headLength = encoded.remaining();
		output.append(encoded);
		return headLength;
	}

	/**
	 * Whether a handler's headers end the connection: "close" among its Connection tokens
	 * (RFC 9112 §9.6), as Tomcat, Jetty and Reactor Netty honour it.
	 */
	static boolean asksToClose(Headers headers) {
		return headers != null && headers.hasToken("Connection", "close");
	}

	/** The connection's output, for a response streamed part by part. */
	Output output() {
		return output;
	}

	/** Tells {@code listener} when everything queued so far has been written. */
	void whenSent(Output.Sent listener) {
		output.whenSent(listener);
	}

	/** The bytes of the response written so far. */
	long sent(Queued queued) {
		return queued.sent(output);
	}

	/** The bytes of the response's body written so far. */
	long bodySent(Queued queued) {
		return queued.bodySent(output);
	}

	private Queued encode(Response response, RequestHead head, boolean keepAlive, Queued into) throws IOException {
		long from = output.buffered();
		boolean http11 = head == null || head.http11();
		boolean sendBody = !(head != null && head.method().equals("HEAD")) && !Status.forbidsBody(response.status());
		Framing framing = Status.forbidsBody(response.status()) ? Framing.NONE : Framing.LENGTH;
		long length = 0;
		byte[] bytes = null;
		Output.Body part = null;
		switch (response.bodyKind()) {
			case BYTES -> {
				bytes = response.bytes();
				length = bytes.length;
			}
			case FILE -> {
				BasicFileAttributes attributes = FileBody.regularFile(response.file(), response.fileAttributes());
				length = response.length() < 0 ? attributes.size() - response.offset() : response.length();
				part = fileBody(response.file(), attributes, response.offset(), length);
			}
			case STREAM -> {
				length = response.length();
				if (length < 0) {
					framing = http11 ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
					keepAlive = keepAlive && http11;
				}
				part = new StreamBody(response.stream(), framing == Framing.CHUNKED, length, server.io(),
						loop.returns(), work::resume);
			}
			default -> {
			}
		}
		if (Status.forbidsBody(response.status())) {
			framing = Framing.NONE;
		}
		int headLength;
		try {
			Headers headers = response.headersIfAny();
			keepAlive = keepAlive && !asksToClose(headers);
			headLength = head(response.status(), headers == null ? response.contentType() : null, headers, framing,
					length, keepAlive, http11);
		}
		catch (RuntimeException e) {
			if (part != null) {
				part.release();
			}
			throw e;
		}
		if (sendBody && bytes != null) {
			output.append(bytes);
		}
		if (part != null) {
			if (sendBody) {
				output.add(part);
			}
			else {
				part.release();
				part = null;
			}
		}
		return into.set(response.status(), keepAlive, from, output.buffered(), part, headLength);
	}

	/**
	 * A region of a regular file whose attributes were just read: sent from the file the
	 * loop keeps open, or opened off the loop when first written.
	 */
	FileBody fileBody(Path file, BasicFileAttributes attributes, long offset, long length) throws IOException {
		if (offset < 0 || length < 0 || offset + length > attributes.size()) {
			throw new IOException("region " + offset + "+" + length + " lies outside " + file);
		}
		return KeptFiles.of(loop).body(file, attributes, offset, length, server.io(), work::resume);
	}

	/** Releases a response that will never be sent; its stream is closed off the loop. */
	void discard(Response response) {
		InputStream stream = response.stream();
		if (stream != null) {
			StreamBody.closeOffLoop(stream, server.io());
		}
	}

}
