package dev.webserv.parser;

import dev.webserv.Methods;

/**
 * A validated request-line (RFC 9112 §3). The parser has already checked its shape byte
 * by byte (a token, one SP, visible ASCII, one SP, no controls); this checks what the
 * parts say, in an order chosen so each request gets the most useful status: the version
 * first (so the HTTP/2 preface "PRI * HTTP/2.0" is answered 505, not 501), then the
 * method, then the target.
 *
 * @param method one of {@link Methods#SERVED} (the shared constant, so it can be compared
 * by identity too)
 * @param target the request-target as sent
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param parts the target taken apart
 */
record RequestLine(String method, String target, String version, RequestTarget parts) {

	static final String HTTP_1_1 = "HTTP/1.1";
	static final String HTTP_1_0 = "HTTP/1.0";

	/**
	 * Reads bytes[0, end): method in [0, methodEnd), target in (methodEnd, targetEnd),
	 * version in (targetEnd, end).
	 */
	static RequestLine parse(byte[] bytes, int methodEnd, int targetEnd, int end, StringCache strings) {
		String version = version(bytes, targetEnd + 1, end);
		String method = method(bytes, methodEnd);
		String target = strings.latin1(bytes, methodEnd + 1, targetEnd);
		return new RequestLine(method, target, version, RequestTarget.parse(method, target));
	}

	private static String version(byte[] bytes, int start, int end) {
		if (end - start != 8 || !startsWith(bytes, start, "HTTP/") || !isDigit(bytes[start + 5])
				|| bytes[start + 6] != '.' || !isDigit(bytes[start + 7])) {
			throw new BadRequestException(Rejection.BAD_VERSION, "HTTP-version is not HTTP/DIGIT.DIGIT");
		}
		if (bytes[start + 5] == '1' && bytes[start + 7] == '1') {
			return HTTP_1_1;
		}
		if (bytes[start + 5] == '1' && bytes[start + 7] == '0') {
			return HTTP_1_0;
		}
		throw new BadRequestException(Rejection.UNSUPPORTED_VERSION, "HTTP-version not served");
	}

	private static String method(byte[] bytes, int length) {
		// any token not served, CONNECT included, is 501 (RFC 9110 §9.1)
		for (String known : Methods.SERVED) {
			if (known.length() == length && startsWith(bytes, 0, known)) {
				return known;
			}
		}
		throw new BadRequestException(Rejection.UNKNOWN_METHOD, "method not implemented");
	}

	private static boolean startsWith(byte[] bytes, int start, String ascii) {
		for (int i = 0; i < ascii.length(); i++) {
			if (bytes[start + i] != ascii.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}
}
