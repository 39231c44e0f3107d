package dev.webserv.events;

/**
 * Why the codec refused a request, as the events SPI reports it: the reason and the
 * status the client got. It mirrors the parser's internal rejection vocabulary name for
 * name (a test holds them together), so a listener never depends on the parser.
 */
public enum RejectionReason {

	BAD_REQUEST_LINE(400), BAD_METHOD(400), UNKNOWN_METHOD(501), BAD_TARGET(400), BAD_PATH(400), URI_TOO_LONG(414),
	BAD_VERSION(400), UNSUPPORTED_VERSION(505), BAD_HEADER(400), OBS_FOLD(400), BARE_CR(400), HEADERS_TOO_LARGE(431),
	MISSING_HOST(400), DUPLICATE_HOST(400), BAD_HOST(400), BAD_CONTENT_LENGTH(400),
	CONTENT_LENGTH_WITH_TRANSFER_ENCODING(400), BAD_TRANSFER_ENCODING(400), UNKNOWN_TRANSFER_ENCODING(501),
	BAD_CHUNK(400), BODY_TOO_LARGE(413);

	private final int status;

	RejectionReason(int status) {
		this.status = status;
	}

	/** The status the client was answered with before the connection closed. */
	public int status() {
		return status;
	}

}
