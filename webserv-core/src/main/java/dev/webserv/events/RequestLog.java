package dev.webserv.events;

/**
 * One finished exchange.
 *
 * @param listener the listener that received it
 * @param method the request method
 * @param route the matched route template or location pattern, or a fixed word
 * (NOT_FOUND, REDIRECTION, UNKNOWN), never the raw path, so metrics tags stay bounded
 * @param status the response status
 * @param durationNanos from the first byte of the head to the last byte of the response
 * handed to the socket
 * @param error the handler's exception, or null
 */
public record RequestLog(String listener, String method, String route, int status, long durationNanos,
		Throwable error) {
}
