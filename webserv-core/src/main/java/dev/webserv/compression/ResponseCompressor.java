package dev.webserv.compression;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.webserv.Handler;
import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.config.Compression;

/**
 * nginx's gzip filter as a function of the request and the response a handler made, so
 * the connection needs no change: it compresses a body when the response may be
 * compressed (not 206, 204 or 304, not already encoded, no
 * {@code Cache-Control: no-transform}, a listed type, not known to be shorter than the
 * minimum) and the client prefers gzip. Such a response says
 * {@code Vary: Accept-Encoding} whether or not this client got it compressed; HEAD and
 * HTTP/1.0 requests get the plain representation, as with nginx.
 *
 * <p>
 * A compressed body loses its length (it is sent chunked) and {@code Accept-Ranges}; a
 * strong ETag becomes weak. A stream or file that ends before its declared length fails
 * the compressed body as it would the plain one. Bodies up to {@link #INLINE_LIMIT} bytes
 * are compressed at once; larger ones, files and streams are compressed chunk by chunk as
 * the server's I/O thread reads them, so the event loop never compresses much.
 */
public final class ResponseCompressor implements ResponseFilter {

	/** Byte bodies up to this size are compressed where the handler ran. */
	public static final int INLINE_LIMIT = 32 * 1024;

	private final Compression settings;

	private final MediaTypes types;

	private final Map<Handler, Handler> wrapped = new ConcurrentHashMap<>();

	private ResponseCompressor(Compression settings) {
		this.settings = settings;
		this.types = new MediaTypes(settings.types());
	}

	/** The compressor for these settings, or null when they are null or off. */
	public static ResponseCompressor of(Compression settings) {
		return settings == null || !settings.enabled() ? null : new ResponseCompressor(settings);
	}

	/**
	 * The handler with its responses compressed; the same wrapper each time for one
	 * handler, which keeps its threading (blocking or not) and timeout.
	 */
	public Handler wrap(Handler handler) {
		return wrapped.computeIfAbsent(handler, this::around);
	}

	/** The response, compressed when it may be and the client wants it. */
	@Override
	public Response apply(Request request, Response response) {
		if (!compressible(response)) {
			return response;
		}
		if (settings.vary()) {
			addVary(response.headers());
		}
		// as nginx's gzip_http_version 1.1: an HTTP/1.0 stream could only end with the
		// connection
		if (request.method().equals("HEAD") || !"HTTP/1.1".equals(request.version())
				|| !AcceptEncoding.parse(request.header("Accept-Encoding")).prefers("gzip")) {
			return response;
		}
		Headers headers = response.headers();
		headers.set("Content-Encoding", "gzip");
		headers.remove("Accept-Ranges");
		weakenETag(headers);
		return switch (response.bodyKind()) {
			case BYTES -> response.bytes().length <= INLINE_LIMIT
					? response.body(GzipStream.gzip(response.bytes(), settings.level()))
					: stream(response, new ByteArrayInputStream(response.bytes()));
			case FILE -> stream(response, new FileRegionStream(response.file(), response.offset(), response.length()));
			case STREAM -> stream(response, response.length() < 0 ? response.stream()
					: new ExactLengthStream(response.stream(), response.length()));
			case NONE -> response;
		};
	}

	private Response stream(Response response, InputStream plain) {
		return response.body(new GzipStream(plain, settings.level()), -1);
	}

	private boolean compressible(Response response) {
		int status = response.status();
		if (status < 200 || status == 204 || status == 206 || status == 304
				|| response.bodyKind() == Response.BodyKind.NONE) {
			return false;
		}
		Headers headers = response.headers();
		String encoding = headers.get("Content-Encoding");
		if (encoding != null && !encoding.isBlank() || headers.contains("Content-Range")
				|| headers.hasToken("Cache-Control", "no-transform")) {
			return false;
		}
		long length = response.bodyKind() == Response.BodyKind.BYTES ? response.bytes().length : response.length();
		return (length < 0 || length >= settings.minLength()) && types.matches(headers.get("Content-Type"));
	}

	/** A strong ETag made weak: the bytes sent differ from the plain representation's. */
	static void weakenETag(Headers headers) {
		String etag = headers.get("ETag");
		if (etag != null && etag.startsWith("\"")) {
			headers.set("ETag", "W/" + etag);
		}
	}

	/** Adds Accept-Encoding to Vary unless it is there (or Vary is "*"). */
	static void addVary(Headers headers) {
		if (!headers.hasToken("Vary", "Accept-Encoding") && !headers.hasToken("Vary", "*")) {
			headers.add("Vary", "Accept-Encoding");
		}
	}

	/** The listed media types: exact, {@code type/*}, or {@code *}. */
	static final class MediaTypes {

		private final java.util.List<String> types;

		MediaTypes(java.util.List<String> types) {
			this.types = types;
		}

		boolean matches(String contentType) {
			if (contentType == null) {
				return false;
			}
			int semicolon = contentType.indexOf(';');
			String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
				.toLowerCase(Locale.ROOT);
			for (String listed : types) {
				if (listed.equals("*") || listed.equals(type)
						|| listed.endsWith("/*") && type.startsWith(listed.substring(0, listed.length() - 1))) {
					return true;
				}
			}
			return false;
		}

	}

}
