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
 * handed to the socket (or to the failure)
 * @param error the handler's exception, or why the response was not completely sent, or
 * null
 * @param bytesSent the bytes of the response (head included) actually written; -1 when
 * not known
 */
public record RequestLog(String listener, String method, String route, int status, long durationNanos, Throwable error,
		long bytesSent) {

	/** A log whose bytes sent are not known. */
	public RequestLog(String listener, String method, String route, int status, long durationNanos, Throwable error) {
		this(listener, method, route, status, durationNanos, error, -1);
	}

}
