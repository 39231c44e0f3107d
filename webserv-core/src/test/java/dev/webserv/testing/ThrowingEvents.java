package dev.webserv.testing;

import dev.webserv.events.AccessRecord;
import dev.webserv.events.ReclaimReason;
import dev.webserv.events.RejectionReason;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.events.TlsFailure;

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

	@Override
	public void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
		throw new IllegalStateException("tls handshake");
	}

	@Override
	public void tlsHandshakeFailed(String listener, TlsFailure reason) {
		throw new IllegalStateException("tls handshake failed");
	}

	@Override
	public void bytesTransferred(String listener, long received, long sent) {
		throw new IllegalStateException("bytes transferred");
	}

	@Override
	public void connectionReclaimed(String listener, ReclaimReason reason) {
		throw new IllegalStateException("reclaimed");
	}

	@Override
	public void access(AccessRecord record) {
		throw new IllegalStateException("access");
	}

	@Override
	public void requestRefused(String route, String reason) {
		throw new IllegalStateException("refused");
	}

}
