package dev.webserv.parser;

import dev.webserv.Headers;
import dev.webserv.Request;

/**
 * A parsed and validated request head.
 *
 * @param method the method token, as sent (case-sensitive, e.g. "GET")
 * @param target the request-target, as sent
 * @param path the target's path, percent-decoded (UTF-8) and dot-segment normalized; "*"
 * for OPTIONS *
 * @param rawQuery the query without '?', still encoded, or null
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param headers the header fields in order
 * @param host the host (without port) from an absolute-form target or the Host field;
 * null if absent (1.0)
 * @param contentLength the Content-Length, or -1 when there is none
 * @param chunked whether the body is chunked
 * @param keepAlive whether the connection may stay open after this exchange, by version
 * and Connection
 * @param expectContinue whether the client sent Expect: 100-continue
 */
public record RequestHead(String method, String target, String path, String rawQuery, String version, Headers headers,
		String host, long contentLength, boolean chunked, boolean keepAlive,
		boolean expectContinue) implements Request.Head {

	public boolean http11() {
		return "HTTP/1.1".equals(version);
	}

	@Override
	public boolean hasBody() {
		return chunked || contentLength > 0;
	}
}
