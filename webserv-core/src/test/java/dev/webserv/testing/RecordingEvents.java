package dev.webserv.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webserv.events.AccessRecord;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.events.RejectionReason;

/** Records what the server reports, for assertions. */
public final class RecordingEvents implements ServerEvents {

	public final AtomicInteger opened = new AtomicInteger();

	public final AtomicInteger closed = new AtomicInteger();

	public final AtomicInteger rejected = new AtomicInteger();

	public final AtomicInteger started = new AtomicInteger();

	public final List<RequestLog> completed = new CopyOnWriteArrayList<>();

	public final List<RejectionReason> parseErrors = new CopyOnWriteArrayList<>();

	public final List<TimeoutPhase> timeouts = new CopyOnWriteArrayList<>();

	public final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();

	public final List<AccessRecord> accesses = new CopyOnWriteArrayList<>();

	@Override
	public void connectionOpened(String listener) {
		opened.incrementAndGet();
	}

	@Override
	public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
		closed.incrementAndGet();
	}

	@Override
	public void connectionRejected(String listener) {
		rejected.incrementAndGet();
	}

	@Override
	public void requestStarted(String listener) {
		started.incrementAndGet();
	}

	@Override
	public void requestCompleted(RequestLog log) {
		completed.add(log);
	}

	@Override
	public void parseError(String listener, RejectionReason reason) {
		parseErrors.add(reason);
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		timeouts.add(phase);
	}

	@Override
	public void handlerFailed(String route, Throwable error) {
		handlerErrors.add(error);
	}

	@Override
	public void access(AccessRecord record) {
		accesses.add(record);
	}

}
