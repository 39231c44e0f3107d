package dev.webserv.parser;

import dev.webserv.Status;

/**
 * Why a request was refused, each with its status code and the rule it enforces. Every
 * rejection closes the connection: after a framing error nothing that follows on the
 * socket can be trusted (RFC 9112 §11.2).
 */
public enum Rejection {

	BAD_REQUEST_LINE(Status.BAD_REQUEST, "request-line = method SP request-target SP HTTP-version (RFC 9112 §3)"),
	BAD_METHOD(Status.BAD_REQUEST, "method = token (RFC 9110 §9.1)"),
	UNKNOWN_METHOD(Status.NOT_IMPLEMENTED, "method not implemented (RFC 9110 §9.1)"),
	BAD_TARGET(Status.BAD_REQUEST, "malformed request-target (RFC 9112 §3.2)"),
	BAD_PATH(Status.BAD_REQUEST, "path is badly encoded or climbs above the root (RFC 3986 §5.2.4)"),
	URI_TOO_LONG(Status.URI_TOO_LONG, "request-target longer than the limit (RFC 9110 §15.5.15)"),
	BAD_VERSION(Status.BAD_REQUEST, "HTTP-version = HTTP/DIGIT.DIGIT (RFC 9112 §2.3)"),
	UNSUPPORTED_VERSION(Status.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and HTTP/1.1 are served (RFC 9110 §15.6.6)"),
	BAD_HEADER(Status.BAD_REQUEST, "field-line = field-name \":\" OWS field-value OWS, no controls (RFC 9112 §5)"),
	OBS_FOLD(Status.BAD_REQUEST, "obsolete line folding is rejected (RFC 9112 §5.2)"),
	BARE_CR(Status.BAD_REQUEST, "a CR not followed by LF (RFC 9112 §2.2)"),
	HEADERS_TOO_LARGE(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section larger than the limit (RFC 6585 §5)"),
	MISSING_HOST(Status.BAD_REQUEST, "HTTP/1.1 request without Host (RFC 9112 §3.2)"),
	DUPLICATE_HOST(Status.BAD_REQUEST, "more than one Host field (RFC 9112 §3.2)"),
	BAD_HOST(Status.BAD_REQUEST,
			"Host is not a valid uri-host [ \":\" port ], or disagrees with the target (RFC 9112 §3.2)"),
	BAD_CONTENT_LENGTH(Status.BAD_REQUEST, "Content-Length is not one non-negative decimal (RFC 9112 §6.3)"),
	CONTENT_LENGTH_WITH_TRANSFER_ENCODING(Status.BAD_REQUEST,
			"both Content-Length and Transfer-Encoding (RFC 9112 §6.1)"),
	BAD_TRANSFER_ENCODING(Status.BAD_REQUEST, "transfer codings must end in chunked, once (RFC 9112 §6.3)"),
	UNKNOWN_TRANSFER_ENCODING(Status.NOT_IMPLEMENTED, "transfer coding not implemented (RFC 9112 §6.1)"),
	BAD_CHUNK(Status.BAD_REQUEST, "malformed chunked body (RFC 9112 §7.1)"),
	BODY_TOO_LARGE(Status.CONTENT_TOO_LARGE, "body larger than the limit (RFC 9110 §15.5.14)");

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
