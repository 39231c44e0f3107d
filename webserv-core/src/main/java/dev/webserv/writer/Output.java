package dev.webserv.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * What a connection still has to send, in order: buffers, file regions and streams. Buffers next to each
 * other leave in one gathering write, so pipelined responses cost one syscall; files go by transferTo.
 * Memory stays bounded: files are never read into the heap and a stream holds at most one chunk.
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

	private static final int MAX_GATHER = 64;

	private final ArrayDeque<Object> queue = new ArrayDeque<>();
	private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
	private long bytesWritten;

	public void add(ByteBuffer buffer) {
		if (buffer.hasRemaining()) {
			queue.add(buffer);
		}
	}

	public void add(Body body) {
		queue.add(body);
	}

	public boolean isEmpty() {
		return queue.isEmpty();
	}

	/** Whether a file or stream body is queued (the connection then waits before taking the next request). */
	public boolean hasBody() {
		for (Object part : queue) {
			if (part instanceof Body) {
				return true;
			}
		}
		return false;
	}

	public long bytesWritten() {
		return bytesWritten;
	}

	/** Writes as much as the socket takes. */
	public Progress flush(SocketChannel channel) throws IOException {
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
				continue;
			}
			if (!writeBuffers(channel)) {
				return Progress.BLOCKED;
			}
		}
		return Progress.DONE;
	}

	/** One gathering write of the buffers at the head of the queue; true when all of them went. */
	private boolean writeBuffers(SocketChannel channel) throws IOException {
		int count = 0;
		for (Object part : queue) {
			if (!(part instanceof ByteBuffer buffer) || count == MAX_GATHER) {
				break;
			}
			gather[count++] = buffer;
		}
		long written = channel.write(gather, 0, count);
		bytesWritten += written;
		boolean all = true;
		for (int i = 0; i < count; i++) {
			if (gather[i].hasRemaining()) {
				all = false;
			}
			else {
				queue.poll();
			}
			gather[i] = null;
		}
		return all;
	}

	/** Drops everything still queued, closing files and streams. */
	public void release() {
		for (Object part : queue) {
			if (part instanceof Body body) {
				body.release();
			}
		}
		queue.clear();
	}
}
