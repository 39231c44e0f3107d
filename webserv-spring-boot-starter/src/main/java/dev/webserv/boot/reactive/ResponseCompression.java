package dev.webserv.boot.reactive;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.web.server.Compression;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;

/**
 * Whether a WebFlux response is gzip-compressed, from Boot's {@code server.compression}
 * as Reactor Netty reads it: a response whose Content-Type is one of the mime types,
 * whose Content-Length (when known) reaches the minimum size, to a client whose
 * Accept-Encoding takes gzip. Never for HEAD, 1xx, 204, 206 and 304, a Content-Range, or
 * a body that already has a Content-Encoding.
 */
final class ResponseCompression {

	private final List<MimeType> mimeTypes;

	private final long minSize;

	ResponseCompression(Compression compression) {
		this.mimeTypes = java.util.Arrays.stream(compression.getMimeTypes()).map(MimeType::valueOf).toList();
		this.minSize = compression.getMinResponseSize().toBytes();
	}

	/**
	 * Decides at the commit, and if so makes the headers say so (Content-Encoding, Vary,
	 * no Content-Length, a weak ETag). Vary: Accept-Encoding is added whenever the answer
	 * depends on the client's Accept-Encoding.
	 * @return whether to compress the body
	 */
	boolean apply(HttpMethod method, int status, List<String> acceptEncoding, HttpHeaders headers) {
		if (method == HttpMethod.HEAD || status < 200 || status == 204 || status == 206 || status == 304
				|| headers.containsHeader(HttpHeaders.CONTENT_RANGE)
				|| headers.containsHeader(HttpHeaders.CONTENT_ENCODING) || !compressibleType(headers)) {
			return false;
		}
		long length = headers.getContentLength();
		if (length >= 0 && length < minSize) {
			return false;
		}
		addVary(headers);
		if (!acceptsGzip(acceptEncoding)) {
			return false;
		}
		headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		String etag = headers.getETag();
		if (etag != null && etag.startsWith("\"")) {
			headers.setETag("W/" + etag);
		}
		return true;
	}

	private boolean compressibleType(HttpHeaders headers) {
		String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		if (contentType == null || contentType.isEmpty()) {
			return false;
		}
		try {
			MimeType type = MimeType.valueOf(contentType);
			return mimeTypes.stream().anyMatch(candidate -> candidate.isCompatibleWith(type));
		}
		catch (InvalidMimeTypeException e) {
			return false;
		}
	}

	private static void addVary(HttpHeaders headers) {
		for (String vary : headers.getVary()) {
			if (vary.equalsIgnoreCase(HttpHeaders.ACCEPT_ENCODING) || vary.equals("*")) {
				return;
			}
		}
		headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
	}

	/**
	 * gzip (or x-gzip) with q above 0, or * above 0 when gzip is not named (RFC 9110
	 * 12.5.3).
	 */
	static boolean acceptsGzip(List<String> acceptEncoding) {
		Double gzip = null;
		Double any = null;
		for (String field : acceptEncoding) {
			for (String element : field.split(",")) {
				String[] parts = element.split(";");
				String coding = parts[0].trim().toLowerCase(Locale.ROOT);
				double q = quality(parts);
				if (coding.equals("gzip") || coding.equals("x-gzip")) {
					gzip = (gzip == null) ? q : Math.max(gzip, q);
				}
				else if (coding.equals("*")) {
					any = q;
				}
			}
		}
		return (gzip != null) ? gzip > 0 : (any != null && any > 0);
	}

	private static double quality(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].trim();
			if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
					&& parameter.charAt(1) == '=') {
				try {
					return Double.parseDouble(parameter.substring(2).trim());
				}
				catch (NumberFormatException e) {
					return 0;
				}
			}
		}
		return 1;
	}

}
