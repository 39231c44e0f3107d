package dev.webserv.parser;

import dev.webserv.Headers;

/**
 * The rules that need the whole field section: Host, message framing, persistence and
 * Expect. Run once per head, after its bytes have been checked.
 *
 * <p>
 * Choices where the RFCs leave room, all on the strict side because a framing
 * disagreement between this server and a proxy in front of it is how request smuggling
 * starts:
 * <ul>
 * <li>Host (RFC 9112 §3.2): exactly one in HTTP/1.1, at most one in HTTP/1.0, never
 * empty. With an absolute-form target the target's authority wins, but a Host naming
 * another host is refused (nginx ignores it instead).</li>
 * <li>Content-Length (RFC 9112 §6.3): one field holding 1 to 18 digits; a repeated field
 * or a list ("5, 5") is refused even when the values agree.</li>
 * <li>Transfer-Encoding (RFC 9112 §6.1): refused alongside Content-Length, and in
 * HTTP/1.0. The coding list (all fields together) must be exactly "chunked". Empty
 * elements, parameters and non-tokens are 400 (the list rule would skip empty elements;
 * we don't); "identity" (no longer a transfer coding) is 400; chunked twice, or chunked
 * followed by another coding, is 400 (§6.3 item 4). Any other coding, known (gzip) or not
 * ("xchunked"), is 501 as §6.1 suggests: it is not that the framing is unreadable, we
 * just do not decode it. Both statuses close the connection, so the choice between them
 * cannot desynchronize anything.</li>
 * <li>Connection (RFC 9112 §9.3): HTTP/1.1 persists unless "close"; HTTP/1.0 only with
 * "keep-alive" and no "close".</li>
 * <li>Expect: only "100-continue" is recognized; other expectations are left in the
 * headers for the caller.</li>
 * </ul>
 */
final class HeadValidator {

	private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

	private final RequestLine line;

	private final Headers headers;

	private final boolean http11;

	private int hostCount;

	private String hostValue;

	private int contentLengthCount;

	private String contentLengthValue;

	private boolean transferEncoding;

	private boolean connectionClose;

	private boolean connectionKeepAlive;

	private String expect;

	private final StringCache strings;

	private HeadValidator(RequestLine line, Headers headers, StringCache strings) {
		this.strings = strings;
		this.line = line;
		this.headers = headers;
		this.http11 = line.version() == RequestLine.HTTP_1_1;
	}

	static RequestHead validate(RequestLine line, Headers headers, StringCache strings) {
		return new HeadValidator(line, headers, strings).toHead();
	}

	private RequestHead toHead() {
		for (int i = 0; i < headers.size(); i++) {
			collect(headers.name(i), headers.value(i));
		}
		String host = host();
		boolean chunked = chunked();
		long contentLength = contentLength();
		boolean keepAlive = http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
		boolean expectContinue = expect != null && expect.equalsIgnoreCase("100-continue");
		RequestTarget parts = line.parts();
		return new RequestHead(line.method(), line.target(), parts.path(), parts.rawQuery(), line.version(), headers,
				host, contentLength, chunked, keepAlive, expectContinue);
	}

	private void collect(String name, String value) {
		if (name.equalsIgnoreCase("Host")) {
			hostCount++;
			hostValue = value;
		}
		else if (name.equalsIgnoreCase("Content-Length")) {
			contentLengthCount++;
			contentLengthValue = value;
		}
		else if (name.equalsIgnoreCase("Transfer-Encoding")) {
			transferEncoding = true;
		}
		else if (name.equalsIgnoreCase("Connection")) {
			connectionClose |= containsToken(value, "close");
			connectionKeepAlive |= containsToken(value, "keep-alive");
		}
		else if (name.equalsIgnoreCase("Expect") && expect == null) {
			expect = value;
		}
	}

	private String host() {
		if (hostCount > 1) {
			throw new BadRequestException(Rejection.DUPLICATE_HOST);
		}
		if (hostCount == 0 && http11) {
			throw new BadRequestException(Rejection.MISSING_HOST);
		}
		String fieldHost = hostCount == 0 ? null : strings.host(hostValue, Rejection.BAD_HOST);
		String targetHost = line.parts().authorityHost();
		if (targetHost == null) {
			return fieldHost;
		}
		if (fieldHost != null && !fieldHost.equals(targetHost)) {
			throw new BadRequestException(Rejection.BAD_HOST, "Host disagrees with the absolute-form target");
		}
		return targetHost;
	}

	private long contentLength() {
		if (contentLengthCount == 0) {
			return -1;
		}
		if (contentLengthCount > 1) {
			throw new BadRequestException(Rejection.BAD_CONTENT_LENGTH, "more than one Content-Length");
		}
		String digits = contentLengthValue;
		if (digits.isEmpty() || digits.length() > MAX_CONTENT_LENGTH_DIGITS) {
			throw new BadRequestException(Rejection.BAD_CONTENT_LENGTH);
		}
		long length = 0;
		for (int i = 0; i < digits.length(); i++) {
			char c = digits.charAt(i);
			if (!Chars.isDigit(c)) {
				throw new BadRequestException(Rejection.BAD_CONTENT_LENGTH);
			}
			length = length * 10 + (c - '0');
		}
		return length;
	}

	/**
	 * Whether the body is chunked; checks every Transfer-Encoding field against the rules
	 * above.
	 */
	private boolean chunked() {
		if (!transferEncoding) {
			return false;
		}
		if (contentLengthCount > 0) {
			throw new BadRequestException(Rejection.CONTENT_LENGTH_WITH_TRANSFER_ENCODING);
		}
		if (!http11) {
			throw new BadRequestException(Rejection.BAD_TRANSFER_ENCODING, "Transfer-Encoding in HTTP/1.0");
		}
		TransferCodings codings = new TransferCodings();
		for (int i = 0; i < headers.size(); i++) {
			if (headers.name(i).equalsIgnoreCase("Transfer-Encoding")) {
				codings.addAll(headers.value(i));
			}
		}
		return codings.isJustChunked();
	}

	/**
	 * Whether a comma-separated list holds the token (any case), without splitting the
	 * value.
	 */
	static boolean containsToken(String list, String token) {
		int start = 0;
		while (start <= list.length()) {
			int end = list.indexOf(',', start);
			end = end < 0 ? list.length() : end;
			int from = skipOws(list, start, end);
			int to = trimOws(list, from, end);
			if (to - from == token.length() && list.regionMatches(true, from, token, 0, token.length())) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	static int skipOws(String s, int from, int to) {
		while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
			from++;
		}
		return from;
	}

	static int trimOws(String s, int from, int to) {
		while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
			to--;
		}
		return to;
	}

	/** The transfer-coding list across all fields, judged as a whole once complete. */
	private static final class TransferCodings {

		private int chunkedCount;

		private boolean lastIsChunked;

		private boolean other;

		void addAll(String value) {
			int start = 0;
			while (start <= value.length()) {
				int end = value.indexOf(',', start);
				end = end < 0 ? value.length() : end;
				int from = skipOws(value, start, end);
				add(value.substring(from, trimOws(value, from, end)));
				start = end + 1;
			}
		}

		private void add(String coding) {
			if (!Chars.isToken(coding)) {
				throw new BadRequestException(Rejection.BAD_TRANSFER_ENCODING, "empty or malformed coding");
			}
			if (coding.equalsIgnoreCase("identity")) {
				throw new BadRequestException(Rejection.BAD_TRANSFER_ENCODING, "identity is not a transfer coding");
			}
			lastIsChunked = coding.equalsIgnoreCase("chunked");
			if (lastIsChunked && ++chunkedCount > 1) {
				throw new BadRequestException(Rejection.BAD_TRANSFER_ENCODING, "chunked applied twice");
			}
			other |= !lastIsChunked;
		}

		boolean isJustChunked() {
			if (chunkedCount > 0 && !lastIsChunked) {
				throw new BadRequestException(Rejection.BAD_TRANSFER_ENCODING, "chunked is not the final coding");
			}
			if (other) {
				throw new BadRequestException(Rejection.UNKNOWN_TRANSFER_ENCODING);
			}
			return true;
		}

	}

}
