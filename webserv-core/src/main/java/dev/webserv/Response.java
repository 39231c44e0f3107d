package dev.webserv;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A response: status, headers and at most one body (bytes, a file region or a stream).
 * Built fluently: {@code Response.ok("hi")},
 * {@code Response.status(201).header("Location", "/x")}. Content-Length, Date, Server and
 * Connection are written by the server.
 */
public final class Response {

	/** What kind of body this response carries. */
	public enum BodyKind {

		NONE, BYTES, FILE, STREAM

	}

	private int status;

	private final Headers headers = new Headers(4);

	private BodyKind bodyKind = BodyKind.NONE;

	private byte[] bytes;

	private Path file;

	private long offset;

	private long length = -1;

	private InputStream stream;

	private boolean errorPageAllowed;

	private Response(int status) {
		this.status = status;
	}

	public static Response status(int status) {
		if (status < 100 || status > 599) {
			throw new IllegalArgumentException("status must be 100-599: " + status);
		}
		return new Response(status);
	}

	public static Response ok(String text) {
		return status(200).body(text);
	}

	public static Response ok(byte[] body, String contentType) {
		return status(200).contentType(contentType).body(body);
	}

	public static Response noContent() {
		return status(204);
	}

	public static Response redirect(int status, String location) {
		return status(status).header("Location", location);
	}

	/**
	 * An error answered by the server itself: the virtual server's error page (or a
	 * default HTML page naming the status) becomes its body.
	 */
	public static Response error(int status) {
		Response response = status(status);
		response.errorPageAllowed = true;
		return response;
	}

	public Response header(String name, String value) {
		headers.add(name, value);
		return this;
	}

	public Response setHeader(String name, String value) {
		headers.set(name, value);
		return this;
	}

	public Response contentType(String type) {
		headers.set("Content-Type", type);
		return this;
	}

	public Response statusCode(int status) {
		this.status = status;
		return this;
	}

	/** A text body; Content-Type defaults to text/plain; charset=utf-8. */
	public Response body(String text) {
		if (!headers.contains("Content-Type")) {
			headers.add("Content-Type", "text/plain; charset=utf-8");
		}
		return body(text.getBytes(StandardCharsets.UTF_8));
	}

	public Response body(byte[] body) {
		clearBody();
		this.bodyKind = BodyKind.BYTES;
		this.bytes = body;
		this.length = body.length;
		return this;
	}

	/** A whole file, sent zero-copy. The length is taken when the response is written. */
	public Response body(Path file) {
		return body(file, 0, -1);
	}

	/** A region of a file; length -1 means to the end. */
	public Response body(Path file, long offset, long length) {
		clearBody();
		this.bodyKind = BodyKind.FILE;
		this.file = file;
		this.offset = offset;
		this.length = length;
		return this;
	}

	/**
	 * A stream, read off the event loop in bounded chunks and closed when done; length -1
	 * sends chunked.
	 */
	public Response body(InputStream stream, long length) {
		clearBody();
		this.bodyKind = BodyKind.STREAM;
		this.stream = stream;
		this.length = length;
		return this;
	}

	private void clearBody() {
		bodyKind = BodyKind.NONE;
		bytes = null;
		file = null;
		stream = null;
		offset = 0;
		length = -1;
		errorPageAllowed = false;
	}

	public int status() {
		return status;
	}

	public Headers headers() {
		return headers;
	}

	public BodyKind bodyKind() {
		return bodyKind;
	}

	public byte[] bytes() {
		return bytes;
	}

	public Path file() {
		return file;
	}

	public long offset() {
		return offset;
	}

	/** The body length, or -1 when not known in advance. */
	public long length() {
		return length;
	}

	public InputStream stream() {
		return stream;
	}

	/**
	 * Whether the server may put its error page in place of this (bodiless) response's
	 * body.
	 */
	public boolean errorPageAllowed() {
		return errorPageAllowed && bodyKind == BodyKind.NONE;
	}

}
