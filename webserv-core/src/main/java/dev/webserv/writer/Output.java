package dev.webserv.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * What a connection still has to send, in order. Small parts (heads, short bodies) are
 * copied into the loop's {@link WriteBuffer} while nothing else is queued, so pipelined
 * responses leave in one write and allocate nothing; large bodies are queued by
 * reference, files go by transferTo, streams chunk by chunk. What the socket does not
 * take moves to the connection's own heap queue. Large heap arrays are written through
 * the loop's direct staging buffer a slice at a time, so the JDK never copies the whole
 * remainder into a temporary direct buffer of its own. Memory stays bounded: files are
 * never read into the heap and a stream holds at most one chunk.
 * <p>
 * A {@link Sent} mark queued with {@link #whenSent} is told when everything queued before
 * it has been written: that is how an exchange learns its response has left.
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

		/**
		 * Writes what the socket takes.
		 * @throws SourceException when the body's own source failed (not the socket)
		 */
		Progress writeTo(GatheringByteChannel channel) throws IOException;

		long written();

		void release();

	}

	/** A body's source (a stream, a file) failed: the socket itself is fine. */
	public static final class SourceException extends IOException {

		public SourceException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** Told once: everything queued before the mark was written, or was dropped. */
	public interface Sent {

		void sent();

		/** The output was released before everything before the mark was written. */
		void dropped();

	}

	/**
	 * Bodies up to this size are copied next to their head; larger ones are queued by
	 * reference.
	 */
	public static final int COPY_LIMIT = 4096;

	/** Heap buffers larger than this are written through the staging buffer. */
	private static final int STAGE_ABOVE = 16 * 1024;

	/**
	 * Room of the buffer small copies share once something is queued, so tiny parts (a
	 * one-byte streamed write and its chunk framing) cost their bytes, not an object
	 * each.
	 */
	private static final int TAIL_ROOM = 512;

	/** Unsent bytes of heads and byte bodies past which the output is backed up. */
	public static final int MAX_PENDING_BYTES = 64 * 1024;

	/** Responses not completely sent past which the output is backed up. */
	public static final int MAX_PENDING_RESPONSES = 16;

	private final WriteBuffer shared;

	/** what waits beyond the shared buffer; null until something first does */
	private ArrayDeque<Object> queue;

	// the Sent marks: the first one here, later ones (pipelined responses) in a ring made
	// on first need; no object per response, none at all for a connection that never has
	// two pending

	private Sent firstListener;

	private long firstBuffered;

	private int firstBodies;

	private LaterMarks later;

	/** A buffer of this output's own, last in the queue while copies fill it; or null. */
	private ByteBuffer tail;

	private long bytesWritten;

	private long buffered;

	private long buffersWritten;

	/**
	 * file and stream bodies ever added, and done: compared by difference, so wrap-safe
	 */
	private int bodiesAdded;

	private int bodiesDone;

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
		buffered += source.remaining();
		if (queueEmpty() && shared.append(this, source)) {
			return;
		}
		copy(source);
	}

	/** Copies into the tail buffer while it has room, else into a new one. */
	private void copy(ByteBuffer source) {
		int length = source.remaining();
		ArrayDeque<Object> waiting = waiting();
		if (tail == null || waiting.peekLast() != tail || tail.capacity() - tail.limit() < length) {
			tail = ByteBuffer.allocate(Math.max(length, TAIL_ROOM)).limit(0);
			waiting.add(tail);
		}
		int end = tail.limit();
		tail.limit(end + length).put(end, source, source.position(), length);
		source.position(source.limit());
	}

	/**
	 * Adds bytes: copied when small, otherwise queued by reference (the array must not
	 * change).
	 */
	public void append(byte[] bytes) {
		if (bytes.length == 0) {
			return;
		}
		if (bytes.length <= COPY_LIMIT && queueEmpty() && shared.append(this, bytes, 0, bytes.length)) {
			buffered += bytes.length;
			return;
		}
		if (bytes.length < TAIL_ROOM) {
			append(ByteBuffer.wrap(bytes));
			return;
		}
		add(ByteBuffer.wrap(bytes));
	}

	/** Queues a buffer by reference, after everything appended so far. */
	public void add(ByteBuffer buffer) {
		if (buffer.hasRemaining()) {
			detach();
			buffered += buffer.remaining();
			waiting().add(buffer);
		}
	}

	public void add(Body body) {
		// what the shared buffer holds stays there: it is written before the queue, and
		// moved to its front if another output claims the buffer first
		waiting().add(body);
		bodiesAdded++;
	}

	/** Tells {@code listener} when everything queued so far has been written. */
	public void whenSent(Sent listener) {
		if (firstListener == null) {
			firstListener = listener;
			firstBuffered = buffered;
			firstBodies = bodiesAdded;
			return;
		}
		if (later == null) {
			later = new LaterMarks();
		}
		later.add(buffered, bodiesAdded, listener);
	}

	/** Removes the first mark (the next becomes first) and returns its listener. */
	private Sent pollMark() {
		Sent listener = firstListener;
		if (later == null || later.count == 0) {
			firstListener = null;
			return listener;
		}
		int at = later.first;
		firstListener = later.listeners[at];
		firstBuffered = later.buffered[at];
		firstBodies = later.bodies[at];
		later.listeners[at] = null;
		later.first = (at + 1) % later.listeners.length;
		later.count--;
		return listener;
	}

	private int marks() {
		return firstListener == null ? 0 : 1 + (later == null ? 0 : later.count);
	}

	private boolean queueEmpty() {
		return queue == null || queue.isEmpty();
	}

	private ArrayDeque<Object> waiting() {
		if (queue == null) {
			queue = new ArrayDeque<>(4);
		}
		return queue;
	}

	/** Moves bytes held in the shared buffer to this output's own queue. */
	void detach() {
		ByteBuffer copy = shared.takeCopy(this);
		if (copy != null) {
			waiting().addFirst(copy);
		}
	}

	public boolean isEmpty() {
		return queueEmpty() && !shared.holds(this);
	}

	/**
	 * Whether a file or stream body is queued (the connection then waits before taking
	 * the next request).
	 */
	public boolean hasBody() {
		return bodiesAdded - bodiesDone > 0;
	}

	/** Bytes written to the socket so far, bodies included. */
	public long bytesWritten() {
		return bytesWritten;
	}

	/** Bytes of buffers (heads, byte[] bodies) ever queued: a position in the output. */
	public long buffered() {
		return buffered;
	}

	/** Of {@link #buffered()}, how many have been written. */
	public long buffersWritten() {
		return buffersWritten;
	}

	/** Buffered bytes queued and not written yet (file and stream bodies not counted). */
	public long pendingBytes() {
		return buffered - buffersWritten;
	}

	/**
	 * Whether so much waits to be sent that the connection should take no more requests
	 * until it drains: a client that sends and never reads holds a bounded amount.
	 */
	public boolean backedUp() {
		return pendingBytes() > MAX_PENDING_BYTES || marks() >= MAX_PENDING_RESPONSES;
	}

	/** Writes as much as the socket takes. */
	public Progress flush(GatheringByteChannel channel) throws IOException {
		try {
			return write(channel);
		}
		finally {
			reachMarks();
		}
	}

	private Progress write(GatheringByteChannel channel) throws IOException {
		ByteBuffer held = shared.heldBy(this);
		if (held != null) {
			try {
				wroteBuffers(channel.write(held));
			}
			finally {
				if (held.hasRemaining()) {
					waiting().addFirst(ByteBuffer.allocate(held.remaining()).put(held).flip());
				}
				shared.release(this);
			}
		}
		while (!queueEmpty()) {
			Object first = queue.peek();
			if (first instanceof Body body) {
				long before = body.written();
				Progress progress;
				try {
					progress = body.writeTo(channel);
				}
				finally {
					bytesWritten += body.written() - before;
				}
				if (progress != Progress.DONE) {
					return progress;
				}
				body.release();
				queue.poll();
				bodiesDone++;
				continue;
			}
			if (!writeBuffers(channel)) {
				return Progress.BLOCKED;
			}
		}
		return Progress.DONE;
	}

	private void wroteBuffers(long count) {
		bytesWritten += count;
		buffersWritten += count;
	}

	/**
	 * One gathering write of the buffers at the head of the queue, or one staged slice of
	 * a large heap buffer; true when all of them went.
	 */
	private boolean writeBuffers(GatheringByteChannel channel) throws IOException {
		ByteBuffer head = (ByteBuffer) queue.peek();
		if (!head.isDirect() && head.remaining() > STAGE_ABOVE) {
			return writeStaged(channel, head);
		}
		ByteBuffer[] gather = shared.gather();
		int count = 0;
		for (Object part : queue) {
			if (!(part instanceof ByteBuffer buffer) || count == gather.length
					|| !buffer.isDirect() && buffer.remaining() > STAGE_ABOVE) {
				break;
			}
			gather[count++] = buffer;
		}
		try {
			wroteBuffers(channel.write(gather, 0, count));
			for (int i = 0; i < count; i++) {
				if (gather[i].hasRemaining()) {
					return false;
				}
				queue.poll();
			}
			return true;
		}
		finally {
			Arrays.fill(gather, 0, count, null); // the loop's array keeps no connection's
													// bytes
		}
	}

	/**
	 * Copies slices of a large heap buffer into the loop's direct buffer and writes them.
	 */
	private boolean writeStaged(GatheringByteChannel channel, ByteBuffer source) throws IOException {
		ByteBuffer staging = shared.staging();
		while (source.hasRemaining()) {
			int length = Math.min(source.remaining(), staging.capacity());
			staging.clear();
			staging.put(source.slice(source.position(), length)).flip();
			int written = channel.write(staging);
			source.position(source.position() + written);
			wroteBuffers(written);
			if (written < length) {
				return false;
			}
		}
		queue.poll();
		return true;
	}

	private void reachMarks() {
		while (firstListener != null && buffersWritten >= firstBuffered && bodiesDone - firstBodies >= 0) {
			pollMark().sent();
		}
	}

	/**
	 * Drops everything still queued, closing files and streams; marks not reached are
	 * told they were dropped.
	 */
	public void release() {
		shared.release(this);
		if (queue != null) {
			for (Object part : queue) {
				if (part instanceof Body body) {
					body.release();
				}
			}
			queue.clear();
		}
		bodiesDone = bodiesAdded;
		while (firstListener != null) {
			pollMark().dropped();
		}
	}

}
