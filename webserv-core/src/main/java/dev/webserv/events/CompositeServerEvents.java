package dev.webserv.events;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Fans events out to several listeners, each isolated from the others: one that throws is
 * logged (rate-limited, see {@link ListenerFailures}) and the rest are still told;
 * nothing reaches the caller, which is an event loop or a worker in the middle of an
 * exchange. Only a {@link VirtualMachineError} (out of memory...) passes through, once
 * every listener has been told.
 */
final class CompositeServerEvents implements ServerEvents {

	private final List<ServerEvents> all;

	private final ListenerFailures failures;

	CompositeServerEvents(ServerEvents... all) {
		this(TimeUnit.SECONDS.toNanos(10), all);
	}

	CompositeServerEvents(long logIntervalNanos, ServerEvents... all) {
		this.all = List.of(all);
		this.failures = new ListenerFailures(logIntervalNanos);
	}

	private void tell(String event, Consumer<ServerEvents> call) {
		tell(event, call, (listener, told) -> told.accept(listener));
	}

	/** As {@link #tell(String, Consumer)}, with no lambda to allocate per call. */
	private <T> void tell(String event, T value, BiConsumer<ServerEvents, T> call) {
		VirtualMachineError fatal = null;
		for (ServerEvents listener : all) {
			try {
				call.accept(listener, value);
			}
			catch (VirtualMachineError e) {
				fatal = e;
			}
			catch (Throwable e) {
				failures.failed(listener, event, e);
			}
		}
		if (fatal != null) {
			throw fatal;
		}
	}

	@Override
	public void connectionOpened(String listener) {
		tell("connectionOpened", events -> events.connectionOpened(listener));
	}

	@Override
	public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
			int requests) {
		tell("connectionClosed",
				events -> events.connectionClosed(listener, durationNanos, bytesReceived, bytesSent, requests));
	}

	@Override
	public void tlsHandshake(String listener, String protocol, String cipherSuite, long durationNanos) {
		tell("tlsHandshake", events -> events.tlsHandshake(listener, protocol, cipherSuite, durationNanos));
	}

	@Override
	public void tlsHandshakeFailed(String listener, TlsFailure reason) {
		tell("tlsHandshakeFailed", events -> events.tlsHandshakeFailed(listener, reason));
	}

	@Override
	public void bytesTransferred(String listener, long received, long sent) {
		tell("bytesTransferred", events -> events.bytesTransferred(listener, received, sent));
	}

	@Override
	public void connectionRejected(String listener) {
		tell("connectionRejected", events -> events.connectionRejected(listener));
	}

	@Override
	public void connectionReclaimed(String listener, ReclaimReason reason) {
		tell("connectionReclaimed", events -> events.connectionReclaimed(listener, reason));
	}

	@Override
	public void requestStarted(String listener) {
		tell("requestStarted", events -> events.requestStarted(listener));
	}

	@Override
	public void requestCompleted(RequestLog log) {
		tell("requestCompleted", events -> events.requestCompleted(log));
	}

	@Override
	public void parseError(String listener, RejectionReason reason) {
		tell("parseError", events -> events.parseError(listener, reason));
	}

	@Override
	public void timeout(String listener, TimeoutPhase phase) {
		tell("timeout", events -> events.timeout(listener, phase));
	}

	@Override
	public void access(AccessRecord record) {
		tell("access", record, ServerEvents::access);
	}

	@Override
	public void handlerFailed(String route, Throwable error) {
		tell("handlerFailed", events -> events.handlerFailed(route, error));
	}

	@Override
	public void requestRefused(String route, String reason) {
		tell("requestRefused", events -> events.requestRefused(route, reason));
	}

}
