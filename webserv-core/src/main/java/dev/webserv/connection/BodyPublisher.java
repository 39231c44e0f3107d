package dev.webserv.connection;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

import dev.webserv.eventloop.FailureLog;

/**
 * A streamed request body as a {@link Flow.Publisher} for one subscriber: bytes are taken
 * from the socket only while the subscriber has demand ({@link #wantsBytes}), so a slow
 * subscriber holds back the client through TCP. Each buffer delivered is a copy of one
 * socket read and what waited before it (128 KiB at most), the subscriber's to keep.
 * Signals go to the subscriber serially, on the loop; a call made off the loop is hopped
 * onto it by the {@link Hops} of the exchange. Whatever a subscriber callback throws
 * fails the exchange ({@link Events#subscriberFailed}), never the loop.
 */
final class BodyPublisher implements Flow.Publisher<ByteBuffer> {

	/** What the publisher tells its exchange. */
	interface Events {

		/**
		 * The subscriber asked for bytes for the first time.
		 * @return whether a 100 Continue was sent for it
		 */
		boolean firstDemand();

		/** The subscriber moved: a buffer delivered, demand or a cancel. */
		void progress();

		/** A subscriber callback threw. */
		void subscriberFailed(Throwable error);

	}

	private final BodyFraming framing;

	private final Hops hops;

	private final Events events;

	private Flow.Subscriber<? super ByteBuffer> subscriber;

	private long demand;

	private boolean demanded;

	/** Whether the client was asked for the body: no 100-continue withheld. */
	private boolean invited;

	private boolean cancelled;

	private boolean terminated;

	private Throwable failure;

	/**
	 * @param framing the body's framing, or null when the request has none
	 * @param awaitsContinue whether the client waits for a 100 Continue before the body
	 */
	BodyPublisher(BodyFraming framing, boolean awaitsContinue, Hops hops, Events events) {
		this.framing = framing;
		this.invited = !awaitsContinue;
		this.hops = hops;
		this.events = events;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super ByteBuffer> candidate) {
		if (candidate == null) {
			throw new NullPointerException("subscriber"); // Reactive Streams rule 1.9
		}
		if (!hops.run(() -> attach(candidate))) {
			// the loop is gone (or refused the call): no signal would ever come; what the
			// subscriber throws now is the caller's, on its own thread
			refuse(candidate, new RejectedExecutionException("the exchange's event loop refused the subscriber"));
		}
	}

	private void attach(Flow.Subscriber<? super ByteBuffer> candidate) {
		if (subscriber != null) {
			try {
				refuse(candidate, new IllegalStateException("the request body has a subscriber already"));
			}
			catch (Throwable e) {
				FailureLog.rethrowIfFatal(e);
				events.subscriberFailed(e); // the body's own subscriber keeps its signals
			}
			return;
		}
		subscriber = candidate;
		signal(() -> candidate.onSubscribe(new Subscription()));
		if (failure != null) {
			fail(failure);
		}
		else {
			completeIfDone();
		}
	}

	/** Tells a subscriber that will never get the body why, at once. */
	private void refuse(Flow.Subscriber<? super ByteBuffer> candidate, Throwable why) {
		Flow.Subscription none = new Flow.Subscription() {
			@Override
			public void request(long n) {
			}

			@Override
			public void cancel() {
			}
		};
		candidate.onSubscribe(none);
		candidate.onError(why);
	}

	/** Whether bytes should be read from the socket for the subscriber now. */
	boolean wantsBytes() {
		return demand > 0 && !terminated && !cancelled && framing != null && !framing.complete();
	}

	/** Whether some of the body has not been read (yet). */
	boolean unfinished() {
		return framing != null && !framing.complete();
	}

	/** Whether a body remains that no subscriber has asked for. */
	boolean unclaimed() {
		return unfinished() && (subscriber == null || cancelled);
	}

	/**
	 * Whether the connection may outlive the response although this body is not all read:
	 * the client was asked for it, and its rest may be dropped ({@link BodyDiscard}).
	 */
	boolean discardable() {
		return !unfinished() || invited && BodyDiscard.fits(framing);
	}

	/** Starts dropping the rest of the body (see {@link BodyDiscard}). */
	BodyDiscard discard(Exchange.Owner owner, long deadline) {
		return new BodyDiscard(framing, owner, deadline);
	}

	long received() {
		return framing == null ? 0 : framing.received();
	}

	/**
	 * Delivers body data from {@code in} (valid only during this call) while there is
	 * demand, one copied buffer per unit.
	 */
	void consume(ByteBuffer in) {
		while (wantsBytes()) {
			ByteBuffer data = framing.next(in);
			if (data == null) {
				break;
			}
			if (!data.hasRemaining()) {
				continue;
			}
			ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
			demand--;
			events.progress();
			signal(() -> subscriber.onNext(copy));
		}
		completeIfDone();
	}

	private void completeIfDone() {
		if (subscriber != null && !terminated && !cancelled && (framing == null || framing.complete())) {
			terminated = true;
			signal(subscriber::onComplete);
		}
	}

	/** Ends the body with an error: told to the subscriber now, or when one comes. */
	void fail(Throwable cause) {
		if (failure == null) {
			failure = cause;
		}
		if (subscriber != null && !terminated && !cancelled) {
			terminated = true;
			signal(() -> subscriber.onError(cause));
		}
	}

	/** Calls the subscriber: what it throws ends the body and fails the exchange. */
	private void signal(Runnable call) {
		try {
			call.run();
		}
		catch (Throwable e) {
			FailureLog.rethrowIfFatal(e);
			cancelled = true;
			events.subscriberFailed(e);
		}
	}

	/** The subscriber's handle: callable from any thread, acted on on the loop. */
	private final class Subscription implements Flow.Subscription {

		@Override
		public void request(long n) {
			hops.run(() -> requested(n));
		}

		@Override
		public void cancel() {
			hops.run(() -> {
				cancelled = true;
				events.progress();
			});
		}

		private void requested(long n) {
			if (terminated || cancelled) {
				return;
			}
			if (n <= 0) { // Reactive Streams rule 3.9
				fail(new IllegalArgumentException("request(" + n + "): demand must be positive"));
				return;
			}
			demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
			events.progress();
			if (!demanded) {
				demanded = true;
				invited |= events.firstDemand();
			}
		}

	}

}
