package dev.webserv.connection;

import dev.webserv.eventloop.FailureLog;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.ReclaimReason;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.events.TlsFailure;

/**
 * The server's events as a connection tells them: a listener that throws is logged
 * (rate-limited) and the connection goes on, so metrics code can never take a connection,
 * let alone its event loop, down with it.
 */
final class GuardedEvents implements ServerEvents {

	private final ServerEvents events;

	private final FailureLog failures;

	GuardedEvents(ServerEvents events, FailureLog failures) {
		this.events = events;
		this.failures = failures;
	}

	private void failed(String method, Throwable e) {
		FailureLog.rethrowIfFatal(e);
		failures.log("ServerEvents." + method + " of " + events.getClass().getName(), e);
	}

	@Override
	public void connectionOpened(String listener) {
		try {
			events.connectionOpened(listener);
		}
		catch (Throwable e) {
			failed("connectionOpened", e);
		}
	}

	@Override
	public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
		try {
			events.connectionClosed(listener, durationNanos, bytesReceived, bytesSent, requests);
		}
		catch (Throwable e) {
			failed("connectionClosed", e);
		}
	}

	@Override
	public void connectionReclaimed(String listener, ReclaimReason reason) {
		try {
			events.connectionReclaimed(listener, reason);
		}
		catch (Throwable e) {
			failed("connectionReclaimed", e);
		}
	}

	@Override
	public void bytesTransferred(String listener, long received, long sent) {
		try {
			events.bytesTransferred(listener, received, sent);
		}
		catch (Throwable e) {
			failed("bytesTransferred", e);
		}
	}

	@Override
	public void requestStarted(String listener) {
		try {
			events.requestStarted(listener);
		}
		catch (Throwable e) {
			failed("requestStarted", e);
		}
	}

	@Override
	public void requestCompleted(RequestLog log) {
		try {
			events.requestCompleted(log);
		}
		catch (Throwable e) {
			failed("requestCompleted", e);
		}
	}

	@Override
	public void parseError(String listener, RejectionReason rejection) {
		try {
			events.parseError(listener, rejection);
		}
		catch (Throwable e) {
			failed("parseError", e);
		}
	}

	@Override
	public void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
		try {
			events.tlsHandshake(listener, protocol, cipherSuite, durationNanos);
		}
		catch (Throwable e) {
			failed("tlsHandshake", e);
		}
	}

	@Override
	public void tlsHandshakeFailed(String listener, TlsFailure reason) {
		try {
			events.tlsHandshakeFailed(listener, reason);
		}
		catch (Throwable e) {
			failed("tlsHandshakeFailed", e);
		}
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		try {
			events.timeout(listener, phase);
		}
		catch (Throwable e) {
			failed("timeout", e);
		}
	}

	@Override
	public void access(AccessRecord record) {
		try {
			events.access(record);
		}
		catch (Throwable e) {
			failed("access", e);
		}
	}

	@Override
	public void handlerFailed(String route, Throwable error) {
		try {
			events.handlerFailed(route, error);
		}
		catch (Throwable e) {
			failed("handlerFailed", e);
		}
	}

}
