package dev.webserv.boot.autoconfigure.actuate;

import java.nio.charset.StandardCharsets;

import dev.webserv.Request;
import dev.webserv.Response;

/**
 * The JSON error body Actuator's clients expect from Spring's error handling:
 * timestamp-free, no stack.
 */
final class EndpointErrors {

	private EndpointErrors() {
	}

	static Response of(int status, String message, Request request) {
		String json = "{\"status\":" + status + ",\"error\":" + quote(reason(status)) + ",\"message\":" + quote(message)
				+ ",\"path\":" + quote(request.path()) + "}";
		return Response.status(status).contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String reason(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 406 -> "Not Acceptable";
			case 415 -> "Unsupported Media Type";
			default -> "Error";
		};
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : String.valueOf(text).toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
