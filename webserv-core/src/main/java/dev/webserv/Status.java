package dev.webserv;

/**
 * The status codes webserv makes, by name, and their reason phrases. 499 is never sent:
 * it is what events report when the client left before the response was written (nginx's
 * convention).
 */
public final class Status {

	public static final int CONTINUE = 100;

	public static final int OK = 200;

	public static final int CREATED = 201;

	public static final int NO_CONTENT = 204;

	public static final int PARTIAL_CONTENT = 206;

	public static final int MOVED_PERMANENTLY = 301;

	public static final int FOUND = 302;

	public static final int SEE_OTHER = 303;

	public static final int NOT_MODIFIED = 304;

	public static final int TEMPORARY_REDIRECT = 307;

	public static final int PERMANENT_REDIRECT = 308;

	public static final int BAD_REQUEST = 400;

	public static final int FORBIDDEN = 403;

	public static final int NOT_FOUND = 404;

	public static final int METHOD_NOT_ALLOWED = 405;

	public static final int REQUEST_TIMEOUT = 408;

	public static final int CONFLICT = 409;

	public static final int LENGTH_REQUIRED = 411;

	public static final int CONTENT_TOO_LARGE = 413;

	public static final int URI_TOO_LONG = 414;

	public static final int RANGE_NOT_SATISFIABLE = 416;

	public static final int EXPECTATION_FAILED = 417;

	public static final int TOO_MANY_REQUESTS = 429;

	public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

	public static final int CLIENT_CLOSED_REQUEST = 499;

	public static final int INTERNAL_SERVER_ERROR = 500;

	public static final int NOT_IMPLEMENTED = 501;

	public static final int BAD_GATEWAY = 502;

	public static final int SERVICE_UNAVAILABLE = 503;

	public static final int GATEWAY_TIMEOUT = 504;

	public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

	public static final int INSUFFICIENT_STORAGE = 507;

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
