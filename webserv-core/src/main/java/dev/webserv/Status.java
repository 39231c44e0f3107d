package dev.webserv;

/** Reason phrases for the status codes webserv sends. */
public final class Status {

	private static final String[] REASONS = new String[600];

	static {
		reason(100, "Continue");
		reason(101, "Switching Protocols");
		reason(200, "OK");
		reason(201, "Created");
		reason(202, "Accepted");
		reason(203, "Non-Authoritative Information");
		reason(204, "No Content");
		reason(205, "Reset Content");
		reason(206, "Partial Content");
		reason(207, "Multi-Status");
		reason(300, "Multiple Choices");
		reason(301, "Moved Permanently");
		reason(302, "Found");
		reason(303, "See Other");
		reason(304, "Not Modified");
		reason(307, "Temporary Redirect");
		reason(308, "Permanent Redirect");
		reason(400, "Bad Request");
		reason(401, "Unauthorized");
		reason(402, "Payment Required");
		reason(403, "Forbidden");
		reason(404, "Not Found");
		reason(405, "Method Not Allowed");
		reason(406, "Not Acceptable");
		reason(408, "Request Timeout");
		reason(409, "Conflict");
		reason(410, "Gone");
		reason(411, "Length Required");
		reason(412, "Precondition Failed");
		reason(413, "Content Too Large");
		reason(414, "URI Too Long");
		reason(415, "Unsupported Media Type");
		reason(416, "Range Not Satisfiable");
		reason(417, "Expectation Failed");
		reason(418, "I'm a teapot");
		reason(421, "Misdirected Request");
		reason(422, "Unprocessable Content");
		reason(425, "Too Early");
		reason(426, "Upgrade Required");
		reason(428, "Precondition Required");
		reason(429, "Too Many Requests");
		reason(431, "Request Header Fields Too Large");
		reason(451, "Unavailable For Legal Reasons");
		reason(500, "Internal Server Error");
		reason(501, "Not Implemented");
		reason(502, "Bad Gateway");
		reason(503, "Service Unavailable");
		reason(504, "Gateway Timeout");
		reason(505, "HTTP Version Not Supported");
		reason(507, "Insufficient Storage");
	}

	private Status() {
	}

	private static void reason(int code, String text) {
		REASONS[code] = text;
	}

	/** The reason phrase, or a generic one for the status class. */
	public static String reason(int code) {
		if (code >= 100 && code < 600 && REASONS[code] != null) {
			return REASONS[code];
		}
		return switch (code / 100) {
			case 1 -> "Informational";
			case 2 -> "Success";
			case 3 -> "Redirection";
			case 4 -> "Client Error";
			default -> "Server Error";
		};
	}

	/**
	 * Whether a response with this status carries no body by definition (RFC 9110
	 * §6.4.1).
	 */
	public static boolean forbidsBody(int code) {
		return code < 200 || code == 204 || code == 304;
	}

}
