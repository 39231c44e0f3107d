package dev.webserv;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

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

	/**
	 * null until a field other than a lone Content-Type is set or {@link #headers()} is
	 * called: the common response carries no Headers object. Read-only when shared
	 * ({@link #headers(Headers)}): copied before the first change.
	 */
	private Headers headers;

	/** the Content-Type while {@link #headers} is null */
	private String contentType;

	/**
	 * a byte[], a {@link FileRegion} or a {@link Stream}; null for none (the common
	 * response is this object alone)
	 */
	private Object body;

	private boolean errorPageAllowed;

	/**
	 * A file body: length -1 means to the end; attributes null unless the caller has just
	 * read them.
	 */
	private record FileRegion(Path file, BasicFileAttributes attributes, long offset, long length) {
	}

	/** A stream body: length -1 means unknown. */
	private record Stream(InputStream stream, long length) {
	}

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
		headers().add(name, value);
		return this;
	}

	public Response setHeader(String name, String value) {
		headers().set(name, value);
		return this;
	}

	public Response contentType(String type) {
		if (headers != null) {
			headers().set("Content-Type", type);
		}
		else if (type == null) {
			throw new IllegalArgumentException("header name and value must not be null");
		}
		else {
			contentType = type;
		}
		return this;
	}

	public Response statusCode(int status) {
		this.status = status;
		return this;
	}

	/** A text body; Content-Type defaults to text/plain; charset=utf-8. */
	public Response body(String text) {
		if (contentType() == null) {
			contentType("text/plain; charset=utf-8");
		}
		return body(text.getBytes(StandardCharsets.UTF_8));
	}

	public Response body(byte[] body) {
		clearBody();
		this.body = body;
		return this;
	}

	/** A whole file, sent zero-copy. The length is taken when the response is written. */
	public Response body(Path file) {
		return body(file, 0, -1);
	}

	/** A region of a file; length -1 means to the end. */
	public Response body(Path file, long offset, long length) {
		return body(file, null, offset, length);
	}

	/**
	 * A region of a regular file the caller has just read the attributes of and found
	 * readable: the server takes them for the file's state instead of looking its path up
	 * again. The file sent is the one they name (a file found at the path with another
	 * identity when it is opened fails the response).
	 */
	public Response body(Path file, BasicFileAttributes attributes, long offset, long length) {
		clearBody();
		this.body = new FileRegion(file, attributes, offset, length);
		return this;
	}

	/**
	 * A stream, read off the event loop in bounded chunks and closed when done; length -1
	 * sends chunked.
	 */
	public Response body(InputStream stream, long length) {
		clearBody();
		this.body = new Stream(stream, length);
		return this;
	}

	private void clearBody() {
		body = null;
		errorPageAllowed = false;
	}

	public int status() {
		return status;
	}

	/** The header fields, to read or change (Content-Type among them). */
	public Headers headers() {
		if (headers == null) {
			headers = new Headers(4);
			if (contentType != null) {
				headers.add("Content-Type", contentType);
				contentType = null;
			}
		}
		else if (headers.isReadOnly()) {
			headers = copy(headers);
		}
		return headers;
	}

	/**
	 * Replaces every header field (Content-Type included) with these. Fields made
	 * {@linkplain Headers#readOnly() read-only} are shared, not copied: many responses
	 * may carry the same ones (a static file's validators and type), and the server
	 * writes their head from bytes it kept. Changing this response's fields then changes
	 * a copy of its own.
	 */
	public Response headers(Headers fields) {
		if (fields == null) {
			throw new IllegalArgumentException("header fields must not be null");
		}
		headers = fields.isReadOnly() ? fields : copy(fields);
		contentType = null;
		return this;
	}

	private static Headers copy(Headers fields) {
		Headers copy = new Headers(fields.size() + 4);
		for (int i = 0; i < fields.size(); i++) {
			copy.add(fields.name(i), fields.value(i));
		}
		return copy;
	}

	/**
	 * The header fields as they are, without making or copying any: null when no field
	 * but Content-Type was set (then {@link #contentType()} is the only one) and
	 * {@link #headers()} was never called; read-only when shared. What the server writes.
	 */
	public Headers headersIfAny() {
		return headers;
	}

	/** The Content-Type, or null. */
	public String contentType() {
		return headers != null ? headers.get("Content-Type") : contentType;
	}

	public BodyKind bodyKind() {
		if (body == null) {
			return BodyKind.NONE;
		}
		if (body instanceof byte[]) {
			return BodyKind.BYTES;
		}
		return body instanceof Stream ? BodyKind.STREAM : BodyKind.FILE;
	}

	public byte[] bytes() {
		return body instanceof byte[] bytes ? bytes : null;
	}

	public Path file() {
		return body instanceof FileRegion region ? region.file() : null;
	}

	/** The attributes a file body was given with, or null. */
	public BasicFileAttributes fileAttributes() {
		return body instanceof FileRegion region ? region.attributes() : null;
	}

	public long offset() {
		return body instanceof FileRegion region ? region.offset() : 0;
	}

	/** The body length, or -1 when not known in advance. */
	public long length() {
		if (body instanceof byte[] bytes) {
			return bytes.length;
		}
		if (body instanceof FileRegion region) {
			return region.length();
		}
		return body instanceof Stream stream ? stream.length() : -1;
	}

	public InputStream stream() {
		return body instanceof Stream stream ? stream.stream() : null;
	}

	/**
	 * Whether the server may put its error page in place of this (bodiless) response's
	 * body.
	 */
	public boolean errorPageAllowed() {
		return errorPageAllowed && body == null;
	}

}
