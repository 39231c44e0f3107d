package dev.webserv.writer;

import java.nio.ByteBuffer;

/**
 * One event loop's direct buffer where responses are assembled before the gathering
 * write, so the common case (whole responses written at once) copies into one buffer and
 * allocates nothing. At most one {@link Output} holds bytes here at a time; another that
 * needs it first makes the holder move its bytes to its own heap queue, so no connection
 * ever sees another's bytes. Loop thread only.
 */
public final class WriteBuffer {

	/** Buffers at most in one gathering write. */
	static final int MAX_GATHER = 16;

	private final ByteBuffer buffer;

	private final ByteBuffer scratch;

	private final ByteBuffer staging;

	/** the buffers of one gathering write, filled and cleared by its caller */
	private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];

	private Output holder;

	public WriteBuffer(int size) {
		this.buffer = ByteBuffer.allocateDirect(size);
		this.scratch = ByteBuffer.allocate(8192);
		this.staging = ByteBuffer.allocateDirect(size);
	}

	/**
	 * A direct buffer for writing large heap arrays a slice at a time; valid until the
	 * next call.
	 */
	ByteBuffer staging() {
		return staging;
	}

	/**
	 * An array for the buffers of one gathering write; the caller clears what it set.
	 */
	ByteBuffer[] gather() {
		return gather;
	}

	/**
	 * A heap buffer for encoding one response head before it is appended; valid until the
	 * next call.
	 */
	ByteBuffer scratch() {
		return scratch.clear();
	}

	/**
	 * Appends for {@code output}; false (with the buffer handed back) when it does not
	 * fit.
	 */
	boolean append(Output output, byte[] source, int offset, int length) {
		claim(output);
		if (buffer.remaining() < length) {
			output.detach();
			return false;
		}
		buffer.put(source, offset, length);
		return true;
	}

	boolean append(Output output, ByteBuffer source) {
		claim(output);
		if (buffer.remaining() < source.remaining()) {
			output.detach();
			return false;
		}
		buffer.put(source);
		return true;
	}

	private void claim(Output output) {
		if (holder != output) {
			if (holder != null) {
				holder.detach();
			}
			holder = output;
			buffer.clear();
		}
	}

	/** The bytes {@code output} holds here, ready to write, or null. */
	ByteBuffer heldBy(Output output) {
		if (holder != output || buffer.position() == 0) {
			return null;
		}
		return buffer.flip();
	}

	/** Gives the buffer up: whatever {@code output} did not write is its to keep. */
	void release(Output output) {
		if (holder == output) {
			holder = null;
			buffer.clear();
		}
	}

	boolean holds(Output output) {
		return holder == output && buffer.position() > 0;
	}

	/**
	 * Copies what {@code output} holds into a heap buffer (read mode) and releases; null
	 * if nothing.
	 */
	ByteBuffer takeCopy(Output output) {
		if (holder != output) {
			return null;
		}
		ByteBuffer copy = null;
		if (buffer.position() > 0) {
			buffer.flip();
			copy = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
		}
		release(output);
		return copy;
	}

}
