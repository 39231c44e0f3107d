package dev.webserv.boot.autoconfigure.metrics;

import io.micrometer.observation.Observation;

import dev.webserv.events.RequestLog;

/**
 * What the {@code http.server.requests} convention sees of one finished exchange: the
 * core's {@link RequestLog} (method, route, status, error, listener and duration).
 */
public class WebservServerRequestObservationContext extends Observation.Context {

	/**
	 * The status the core reports when the client closed before the response was
	 * complete.
	 */
	public static final int CLIENT_CLOSED = 499;

	private final RequestLog log;

	public WebservServerRequestObservationContext(RequestLog log) {
		this.log = log;
		setError(log.error());
	}

	public RequestLog getLog() {
		return log;
	}

	/** Whether the client went away before the response was handed to the socket. */
	public boolean isConnectionAborted() {
		return log.status() == CLIENT_CLOSED;
	}

}
