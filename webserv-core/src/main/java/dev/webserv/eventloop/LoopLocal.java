package dev.webserv.eventloop;

import java.util.function.Supplier;

/**
 * A value each event loop holds one of, made on first use on that loop's thread: the
 * caches and buffers the loop's connections share (like a ThreadLocal, kept by the loop
 * so the loop knows nothing of what its members keep there). Only the loop's own thread
 * may call {@link #get}. A value that is {@link AutoCloseable} is closed when the loop
 * ends.
 *
 * @param <T> the value's type
 */
public final class LoopLocal<T> {

	private final Supplier<? extends T> initial;

	public LoopLocal(Supplier<? extends T> initial) {
		this.initial = initial;
	}

	/** This loop's value, made on first use. Call on the loop's thread. */
	public T get(EventLoop loop) {
		return loop.local(this);
	}

	T create() {
		return initial.get();
	}

}
