package dev.webserv.parser;

/**
 * Why a request was refused, each with its status code and the rule it enforces. Every
 * rejection closes the connection: after a framing error nothing that follows on the
 * socket can be trusted (RFC 9112 §11.2).
 */
public enum Rejection {

	BAD_REQUEST_LINE(400, "request-line = method SP request-target SP HTTP-version (RFC 9112 §3)"),
	BAD_METHOD(400, "method = token (RFC 9110 §9.1)"), UNKNOWN_METHOD(501, "method not implemented (RFC 9110 §9.1)"),
	BAD_TARGET(400, "malformed request-target (RFC 9112 §3.2)"),
	BAD_PATH(400, "path is badly encoded or climbs above the root (RFC 3986 §5.2.4)"),
	URI_TOO_LONG(414, "request-target longer than the limit (RFC 9110 §15.5.15)"),
	BAD_VERSION(400, "HTTP-version = HTTP/DIGIT.DIGIT (RFC 9112 §2.3)"),
	UNSUPPORTED_VERSION(505, "only HTTP/1.0 and HTTP/1.1 are served (RFC 9110 §15.6.6)"),
	BAD_HEADER(400, "field-line = field-name \":\" OWS field-value OWS, no controls (RFC 9112 §5)"),
	OBS_FOLD(400, "obsolete line folding is rejected (RFC 9112 §5.2)"),
	BARE_CR(400, "a CR not followed by LF (RFC 9112 §2.2)"),
	HEADERS_TOO_LARGE(431, "header section larger than the limit (RFC 6585 §5)"),
	MISSING_HOST(400, "HTTP/1.1 request without Host (RFC 9112 §3.2)"),
	DUPLICATE_HOST(400, "more than one Host field (RFC 9112 §3.2)"),
	BAD_HOST(400, "Host is not a valid uri-host [ \":\" port ], or disagrees with the target (RFC 9112 §3.2)"),
	BAD_CONTENT_LENGTH(400, "Content-Length is not one non-negative decimal (RFC 9112 §6.3)"),
	CONTENT_LENGTH_WITH_TRANSFER_ENCODING(400, "both Content-Length and Transfer-Encoding (RFC 9112 §6.1)"),
	BAD_TRANSFER_ENCODING(400, "transfer codings must end in chunked, once (RFC 9112 §6.3)"),
	UNKNOWN_TRANSFER_ENCODING(501, "transfer coding not implemented (RFC 9112 §6.1)"),
	BAD_CHUNK(400, "malformed chunked body (RFC 9112 §7.1)"),
	BODY_TOO_LARGE(413, "body larger than the limit (RFC 9110 §15.5.14)");

	private final int status;

	private final String rule;

	Rejection(int status, String rule) {
		this.status = status;
		this.rule = rule;
	}

	public int status() {
		return status;
	}

	public String rule() {
		return rule;
	}

}
