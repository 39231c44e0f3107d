package dev.webserv.testing;

import dev.webserv.events.RejectionReason;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;

/** A server-events listener that throws from every event. */
public final class ThrowingEvents implements ServerEvents {

	@Override
	public void connectionOpened(String listener) {
		throw new IllegalStateException("opened");
	}

	@Override
	public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
		throw new IllegalStateException("closed");
	}

	@Override
	public void connectionRejected(String listener) {
		throw new IllegalStateException("rejected");
	}

	@Override
	public void requestStarted(String listener) {
		throw new IllegalStateException("started");
	}

	@Override
	public void requestCompleted(RequestLog log) {
		throw new IllegalStateException("completed");
	}

	@Override
	public void parseError(String listener, RejectionReason reason) {
		throw new IllegalStateException("parse error");
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		throw new IllegalStateException("timeout");
	}

	@Override
	public void handlerFailed(String route, Throwable error) {
		throw new IllegalStateException("handler failed");
	}

}
