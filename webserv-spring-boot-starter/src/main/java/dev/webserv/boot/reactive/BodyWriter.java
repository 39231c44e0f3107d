package dev.webserv.boot.reactive;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import dev.webserv.HttpExchange;

/**
 * Writes a body publisher to an exchange with back-pressure: one buffer is requested,
 * written, and the next one requested only when the exchange's write future completes (at
 * once while little is queued, later when the client reads slowly). A failed write (the
 * client left) cancels the publisher. Buffers are released once written.
 * <p>
 * It is its own subscription to the {@code Mono<Void>} that {@link #write} returns (no
 * {@code Mono.create} sink between them: one object per body, not five), and it passes
 * that subscriber's context up to the body publisher.
 */
final class BodyWriter implements CoreSubscriber<DataBuffer>, Subscription {

	private static final CompletableFuture<Void> NOTHING_TO_WRITE = CompletableFuture.completedFuture(null);

	private static final AtomicIntegerFieldUpdater<BodyWriter> TOLD = AtomicIntegerFieldUpdater
		.newUpdater(BodyWriter.class, "told");

	private final HttpExchange exchange;

	private final CoreSubscriber<? super Void> actual;

	private final boolean flushAtEnd;

	private volatile Subscription subscription;

	private volatile boolean done;

	/**
	 * 1 once the downstream was told the outcome, or cancelled: it hears nothing more.
	 */
	private volatile int told;

	/** The last write: the end (or flush) waits for it, whichever thread completes. */
	private volatile CompletableFuture<Void> lastWrite = NOTHING_TO_WRITE;

	private BodyWriter(HttpExchange exchange, CoreSubscriber<? super Void> actual, boolean flushAtEnd) {
		this.exchange = exchange;
		this.actual = actual;
		this.flushAtEnd = flushAtEnd;
	}

	/**
	 * @param flushAtEnd whether to push everything to the socket once the body is written
	 * (each part of a streaming response, a server-sent event say)
	 */
	static Mono<Void> write(HttpExchange exchange, Publisher<? extends DataBuffer> body, boolean flushAtEnd) {
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super Void> actual) {
				BodyWriter writer = new BodyWriter(exchange, actual, flushAtEnd);
				actual.onSubscribe(writer);
				body.subscribe(writer);
			}
		};
	}

	@Override
	public Context currentContext() {
		return actual.currentContext();
	}

	// the body publisher's side

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		if (told != 0) {
			subscription.cancel(); // cancelled before the body was subscribed
			return;
		}
		subscription.request(1);
	}

	@Override
	public void onNext(DataBuffer buffer) {
		CompletableFuture<Void> written;
		try {
			written = writeAll(buffer);
		}
		catch (RuntimeException e) {
			DataBufferUtils.release(buffer);
			fail(e);
			return;
		}
		lastWrite = written;
		if (written.isDone() && !written.isCompletedExceptionally()) {
			written(buffer); // the usual case, without a callback's allocations
			return;
		}
		written.whenComplete((ignored, error) -> {
			if (error != null) {
				DataBufferUtils.release(buffer);
				fail(error);
			}
			else {
				written(buffer);
			}
		});
	}

	private void written(DataBuffer buffer) {
		DataBufferUtils.release(buffer);
		if (!done) {
			subscription.request(1);
		}
	}

	/** Every readable region of the buffer; the future of the last one. */
	private CompletableFuture<Void> writeAll(DataBuffer buffer) {
		if (buffer.readableByteCount() == 0) {
			return NOTHING_TO_WRITE;
		}
		CompletableFuture<Void> last = null;
		try (DataBuffer.ByteBufferIterator regions = buffer.readableByteBuffers()) {
			while (regions.hasNext()) {
				ByteBuffer region = regions.next();
				last = exchange.write(region);
			}
		}
		return last != null ? last : NOTHING_TO_WRITE;
	}

	private void fail(Throwable error) {
		if (!done) {
			done = true;
			subscription.cancel();
			tellError(error);
		}
	}

	@Override
	public void onError(Throwable error) {
		if (!done) {
			done = true;
			tellError(error);
		}
	}

	@Override
	public void onComplete() {
		if (done) {
			return;
		}
		done = true;
		CompletableFuture<Void> last = lastWrite;
		if (!flushAtEnd && last.isDone() && !last.isCompletedExceptionally()) {
			tellComplete();
			return;
		}
		// the last write may be hopping onto the event loop from another thread: what
		// follows (a flush, the end of the response) waits for it
		last.thenCompose(ignored -> flushAtEnd ? exchange.flush() : NOTHING_TO_WRITE).whenComplete((ignored, error) -> {
			if (error != null) {
				tellError(error);
			}
			else {
				tellComplete();
			}
		});
	}

	// the downstream's side: it asks for nothing (a Mono<Void> only ends), it may cancel

	@Override
	public void request(long n) {
	}

	@Override
	public void cancel() {
		TOLD.set(this, 1);
		done = true;
		Subscription current = subscription;
		if (current != null) {
			current.cancel();
		}
	}

	private void tellComplete() {
		if (TOLD.compareAndSet(this, 0, 1)) {
			actual.onComplete();
		}
	}

	private void tellError(Throwable error) {
		if (TOLD.compareAndSet(this, 0, 1)) {
			actual.onError(error);
		}
	}

}
