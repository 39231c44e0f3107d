package dev.webserv.events;

import java.util.List;

import dev.webserv.parser.Rejection;

/** Fans events out to several listeners. */
final class CompositeServerEvents implements ServerEvents {

	private final List<ServerEvents> all;

	CompositeServerEvents(ServerEvents... all) {
		this.all = List.of(all);
	}

	@Override
	public void connectionOpened(String listener) {
		all.forEach(events -> events.connectionOpened(listener));
	}

	@Override
	public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
		all.forEach(events -> events.connectionClosed(listener, durationNanos, bytesReceived, bytesSent, requests));
	}

	@Override
	public void connectionRejected(String listener) {
		all.forEach(events -> events.connectionRejected(listener));
	}

	@Override
	public void requestStarted(String listener) {
		all.forEach(events -> events.requestStarted(listener));
	}

	@Override
	public void requestCompleted(RequestLog log) {
		all.forEach(events -> events.requestCompleted(log));
	}

	@Override
	public void parseError(String listener, Rejection rejection) {
		all.forEach(events -> events.parseError(listener, rejection));
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		all.forEach(events -> events.timeout(listener, phase));
	}

	@Override
	public void access(AccessRecord record) {
		all.forEach(events -> events.access(record));
	}

	@Override
	public void handlerFailed(String route, Throwable error) {
		all.forEach(events -> events.handlerFailed(route, error));
	}

}
