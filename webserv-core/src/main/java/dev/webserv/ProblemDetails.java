package dev.webserv;

import java.nio.charset.StandardCharsets;

/**
 * RFC 9457 problem details for error responses, as Spring's {@code ProblemDetail} writes
 * them: {@code application/problem+json} with {@code type}, {@code title},
 * {@code status}, {@code detail} and {@code instance}. Chosen over the HTML error page
 * when the request's Accept prefers JSON ({@link #wanted}); a browser, curl's
 * {@code *}{@code /*} and a missing Accept keep the HTML page.
 */
public final class ProblemDetails {

	public static final String MEDIA_TYPE = "application/problem+json";

	private ProblemDetails() {
	}

	/**
	 * Whether an Accept header asks for JSON rather than HTML: {@code application/json},
	 * {@code application/problem+json} or {@code application/*+json} with a q-value above
	 * that of {@code text/html} and of the wildcards ({@code text/*},
	 * {@code *}{@code /*}). On a tie HTML wins.
	 */
	public static boolean wanted(String accept) {
		if (accept == null || accept.isEmpty()) {
			return false;
		}
		double json = 0;
		double other = 0;
		for (String range : accept.split(",")) {
			int semicolon = range.indexOf(';');
			String type = (semicolon < 0 ? range : range.substring(0, semicolon)).trim().toLowerCase();
			double q = semicolon < 0 ? 1 : quality(range.substring(semicolon + 1));
			if (type.equals("application/json") || type.equals("application/problem+json")
					|| type.startsWith("application/") && type.endsWith("+json")) {
				json = Math.max(json, q);
			}
			else if (type.equals("text/html") || type.equals("text/*") || type.equals("*/*")) {
				other = Math.max(other, q);
			}
		}
		return json > 0 && json > other;
	}

	private static double quality(String parameters) {
		for (String parameter : parameters.split(";")) {
			String trimmed = parameter.trim();
			if (trimmed.length() > 2 && (trimmed.charAt(0) == 'q' || trimmed.charAt(0) == 'Q')
					&& trimmed.charAt(1) == '=') {
				try {
					double q = Double.parseDouble(trimmed.substring(2).trim());
					return q >= 0 && q <= 1 ? q : 0;
				}
				catch (NumberFormatException e) {
					return 0;
				}
			}
		}
		return 1;
	}

	/**
	 * A problem response for this status.
	 * @param detail a sentence for the client, or null for a default naming the status
	 * @param instance the request path, or null
	 */
	public static Response response(int status, String detail, String instance) {
		return Response.status(status).contentType(MEDIA_TYPE).body(body(status, detail, instance));
	}

	/** The JSON body: type, title, status, detail and instance (when known). */
	public static byte[] body(int status, String detail, String instance) {
		StringBuilder json = new StringBuilder(160).append("{\"type\":\"about:blank\",\"title\":");
		quote(json, Status.reason(status));
		json.append(",\"status\":").append(status).append(",\"detail\":");
		quote(json, detail != null ? detail : defaultDetail(status));
		if (instance != null) {
			quote(json.append(",\"instance\":"), instance);
		}
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String defaultDetail(int status) {
		return switch (status) {
			case 400 -> "The request could not be understood.";
			case 403 -> "Access to this resource is forbidden.";
			case 404 -> "No resource at this path.";
			case 405 -> "The method is not allowed here.";
			case 408 -> "The request took too long to arrive.";
			case 413 -> "The request body is too large.";
			case 500 -> "The server failed to handle the request.";
			case 503 -> "The server cannot handle the request right now.";
			default -> Status.reason(status) + ".";
		};
	}

	private static void quote(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
