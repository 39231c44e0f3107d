package dev.webserv.boot.reactive;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import dev.webserv.HttpExchange;

/**
 * Writes a body publisher to an exchange with back-pressure: one buffer is requested,
 * written, and the next one requested only when the exchange's write future completes (at
 * once while little is queued, later when the client reads slowly). A failed write (the
 * client left) cancels the publisher. Buffers are released once written.
 */
final class BodyWriter implements CoreSubscriber<DataBuffer> {

	private final HttpExchange exchange;

	private final MonoSink<Void> sink;

	private final boolean flushAtEnd;

	private volatile Subscription subscription;

	private volatile boolean done;

	/** The last write: the end (or flush) waits for it, whichever thread completes. */
	private volatile CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

	private BodyWriter(HttpExchange exchange, MonoSink<Void> sink, boolean flushAtEnd) {
		this.exchange = exchange;
		this.sink = sink;
		this.flushAtEnd = flushAtEnd;
	}

	/**
	 * @param flushAtEnd whether to push everything to the socket once the body is written
	 * (each part of a streaming response, a server-sent event say)
	 */
	static Mono<Void> write(HttpExchange exchange, Publisher<? extends DataBuffer> body, boolean flushAtEnd) {
		return Mono.create(sink -> {
			BodyWriter writer = new BodyWriter(exchange, sink, flushAtEnd);
			sink.onCancel(writer::cancel);
			body.subscribe(writer);
		});
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
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
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> last = null;
		try (DataBuffer.ByteBufferIterator regions = buffer.readableByteBuffers()) {
			while (regions.hasNext()) {
				ByteBuffer region = regions.next();
				last = exchange.write(region);
			}
		}
		return last != null ? last : CompletableFuture.completedFuture(null);
	}

	private void fail(Throwable error) {
		if (!done) {
			done = true;
			subscription.cancel();
			sink.error(error);
		}
	}

	private void cancel() {
		done = true;
		Subscription current = subscription;
		if (current != null) {
			current.cancel();
		}
	}

	@Override
	public void onError(Throwable error) {
		if (!done) {
			done = true;
			sink.error(error);
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
			sink.success();
			return;
		}
		// the last write may be hopping onto the event loop from another thread: what
		// follows (a flush, the end of the response) waits for it
		last.thenCompose(ignored -> flushAtEnd ? exchange.flush() : CompletableFuture.<Void>completedFuture(null))
			.whenComplete((ignored, error) -> {
				if (error != null) {
					sink.error(error);
				}
				else {
					sink.success();
				}
			});
	}

}
