package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.webserv.RequestBody;

/**
 * Collects one request body, framed by its {@link BodyFraming} (which holds the limit):
 * in memory up to a threshold, then in a {@link SpillFile} written off the loop (so a
 * large upload never sits in the heap and the loop never waits on the disk).
 */
final class BodyReader {

	/** Makes the spill file when a body outgrows memory. */
	interface SpillFactory {

		SpillFile create();

	}

	private static final int INITIAL = 1024;

	private final BodyFraming framing;

	private final int memoryThreshold;

	private final SpillFactory spillFactory;

	private byte[] memory;

	private SpillFile spill;

	private long received;

	private boolean complete;

	BodyReader(BodyFraming framing, int memoryThreshold, SpillFactory spillFactory) {
		this.framing = framing;
		this.memoryThreshold = memoryThreshold;
		this.spillFactory = spillFactory;
		// grown as bytes arrive: a declared length alone reserves no memory
		this.memory = new byte[(int) Math.min(INITIAL, memoryThreshold)];
	}

	long received() {
		return received;
	}

	/**
	 * Takes what it can from {@code in}; true once the whole body has arrived (it may
	 * still be spooling).
	 */
	boolean consume(ByteBuffer in) {
		ByteBuffer data;
		while (!complete && (data = framing.next(in)) != null) {
			append(data);
		}
		complete = framing.complete();
		return complete;
	}

	private void append(ByteBuffer data) {
		int length = data.remaining();
		if (length == 0) {
			return;
		}
		if (spill == null && received + length <= memoryThreshold) {
			if (received + length > memory.length) {
				memory = Arrays.copyOf(memory,
						(int) Math.min(memoryThreshold, Math.max(memory.length * 2L, received + length)));
			}
			data.get(memory, (int) received, length);
		}
		else {
			if (spill == null) {
				spill = spillFactory.create();
				spill.write(ByteBuffer.wrap(memory, 0, (int) received));
				memory = null;
			}
			spill.write(data);
		}
		received += length;
	}

	/** Whether the spill file has so much queued that reading should pause. */
	boolean backlogged() {
		return spill != null && spill.backlogged();
	}

	/** Whether the whole body has arrived (it may still be spooling). */
	boolean complete() {
		return complete;
	}

	/** Whether the whole body has arrived and is in memory or on disk. */
	boolean ready() {
		return complete && (spill == null || spill.settled());
	}

	/** The disk error that stopped the body, or null. */
	IOException failure() {
		return spill == null ? null : spill.failure();
	}

	/** The complete body, once {@link #ready()}; the reader is spent. */
	RequestBody finish() throws IOException {
		if (spill == null) {
			return RequestBody.inMemory(memory, (int) received);
		}
		return RequestBody.inFile(spill.close(), received);
	}

	/** Drops a body that will never be handled, deleting its temporary file. */
	void discard() {
		if (spill != null) {
			spill.discard();
		}
		memory = null;
	}

}
