package dev.webserv.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * What a connection still has to send, in order. Small parts (heads, short bodies) are
 * copied into the loop's {@link WriteBuffer} while nothing else is queued, so pipelined
 * responses leave in one write and allocate nothing; large bodies are queued by
 * reference, files go by transferTo, streams chunk by chunk. What the socket does not
 * take moves to the connection's own heap queue. Memory stays bounded: files are never
 * read into the heap and a stream holds at most one chunk.
 */
public final class Output {

	/** What {@link #flush} achieved. */
	public enum Progress {

		/** Everything was written. */
		DONE,
		/** The socket buffer is full: wait for OP_WRITE. */
		BLOCKED,
		/** A stream is being read off the loop: its callback resumes writing. */
		WAITING

	}

	/** A body part that writes itself (file region or stream). */
	public interface Body {

		Progress writeTo(SocketChannel channel) throws IOException;

		long written();

		void release();

	}

	/**
	 * Bodies up to this size are copied next to their head; larger ones are queued by
	 * reference.
	 */
	public static final int COPY_LIMIT = 4096;

	private static final int MAX_GATHER = 16;

	private final WriteBuffer shared;

	private final ArrayDeque<Object> queue = new ArrayDeque<>(4);

	private long bytesWritten;

	private int bodies;

	public Output(WriteBuffer shared) {
		this.shared = shared;
	}

	/** A scratch buffer to encode a head into before {@link #append(ByteBuffer)}. */
	public ByteBuffer scratch() {
		return shared.scratch();
	}

	/** Copies the bytes in. */
	public void append(ByteBuffer source) {
		if (!source.hasRemaining()) {
			return;
		}
		if (queue.isEmpty() && shared.append(this, source)) {
			return;
		}
		queue.add(ByteBuffer.allocate(source.remaining()).put(source).flip());
	}

	/**
	 * Adds bytes: copied when small, otherwise queued by reference (the array must not
	 * change).
	 */
	public void append(byte[] bytes) {
		if (bytes.length == 0) {
			return;
		}
		if (bytes.length <= COPY_LIMIT && queue.isEmpty() && shared.append(this, bytes, 0, bytes.length)) {
			return;
		}
		add(ByteBuffer.wrap(bytes));
	}

	/** Queues a buffer by reference, after everything appended so far. */
	public void add(ByteBuffer buffer) {
		if (buffer.hasRemaining()) {
			detach();
			queue.add(buffer);
		}
	}

	public void add(Body body) {
		detach();
		queue.add(body);
		bodies++;
	}

	/** Moves bytes held in the shared buffer to this output's own queue. */
	void detach() {
		ByteBuffer copy = shared.takeCopy(this);
		if (copy != null) {
			queue.addFirst(copy);
		}
	}

	public boolean isEmpty() {
		return queue.isEmpty() && !shared.holds(this);
	}

	/**
	 * Whether a file or stream body is queued (the connection then waits before taking
	 * the next request).
	 */
	public boolean hasBody() {
		return bodies > 0;
	}

	public long bytesWritten() {
		return bytesWritten;
	}

	/** Writes as much as the socket takes. */
	public Progress flush(SocketChannel channel) throws IOException {
		ByteBuffer held = shared.heldBy(this);
		if (held != null) {
			try {
				bytesWritten += channel.write(held);
			}
			finally {
				if (held.hasRemaining()) {
					queue.addFirst(ByteBuffer.allocate(held.remaining()).put(held).flip());
				}
				shared.release(this);
			}
		}
		while (!queue.isEmpty()) {
			Object first = queue.peek();
			if (first instanceof Body body) {
				long before = body.written();
				Progress progress = body.writeTo(channel);
				bytesWritten += body.written() - before;
				if (progress != Progress.DONE) {
					return progress;
				}
				body.release();
				queue.poll();
				bodies--;
				continue;
			}
			if (!writeBuffers(channel)) {
				return Progress.BLOCKED;
			}
		}
		return Progress.DONE;
	}

	/**
	 * One gathering write of the buffers at the head of the queue; true when all of them
	 * went.
	 */
	private boolean writeBuffers(SocketChannel channel) throws IOException {
		ByteBuffer[] gather = new ByteBuffer[Math.min(queue.size(), MAX_GATHER)];
		int count = 0;
		for (Object part : queue) {
			if (!(part instanceof ByteBuffer buffer) || count == gather.length) {
				break;
			}
			gather[count++] = buffer;
		}
		bytesWritten += channel.write(gather, 0, count);
		for (int i = 0; i < count; i++) {
			if (gather[i].hasRemaining()) {
				return false;
			}
			queue.poll();
		}
		return true;
	}

	/** Drops everything still queued, closing files and streams. */
	public void release() {
		shared.release(this);
		for (Object part : queue) {
			if (part instanceof Body body) {
				body.release();
			}
		}
		queue.clear();
		bodies = 0;
	}

}
