package dev.webserv.writer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.webserv.writer.Output.Progress;

/**
 * A stream body: a worker reads one bounded chunk at a time, the event loop writes it,
 * and only then is the next chunk read. So a slow reader holds at most one chunk in
 * memory, and no loop thread ever blocks on the stream. Without a known length the chunks
 * are framed with the chunked transfer coding.
 */
public final class StreamBody implements Output.Body {

	private static final int CHUNK = 64 * 1024;

	private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final InputStream stream;

	private final boolean chunked;

	private long remaining;

	private final Executor worker;

	private final Executor loop;

	private final Runnable onReady;

	private ByteBuffer current;

	private boolean reading;

	private boolean finished;

	private IOException failure;

	private long written;

	private boolean released;

	/** The worker reading now, so a release can interrupt a read that stalls. */
	private Thread reader;

	/**
	 * @param length the exact number of bytes to send, or -1 to send until the stream
	 * ends
	 * @param worker where the blocking reads run
	 * @param loop the connection's event loop, where results are handed back
	 * @param onReady run on the loop when a chunk is ready to write
	 */
	public StreamBody(InputStream stream, boolean chunked, long length, Executor worker, Executor loop,
			Runnable onReady) {
		this.stream = stream;
		this.chunked = chunked;
		this.remaining = length;
		this.worker = worker;
		this.loop = loop;
		this.onReady = onReady;
	}

	@Override
	public Progress writeTo(GatheringByteChannel channel) throws IOException {
		while (true) {
			if (failure != null) {
				throw new Output.SourceException("the stream body failed", failure);
			}
			if (current != null && current.hasRemaining()) {
				written += channel.write(current);
				if (current.hasRemaining()) {
					return Progress.BLOCKED;
				}
			}
			current = null;
			if (finished) {
				return Progress.DONE;
			}
			if (!reading) {
				reading = true;
				worker.execute(this::readChunk);
			}
			return Progress.WAITING;
		}
	}

	/** Runs on a worker. */
	private void readChunk() {
		ByteBuffer chunk = null;
		boolean end = false;
		IOException error = null;
		synchronized (this) {
			if (released) {
				return;
			}
			reader = Thread.currentThread();
		}
		try {
			int want = remaining < 0 ? CHUNK : (int) Math.min(CHUNK, remaining);
			byte[] data = new byte[want];
			// whatever is there, known length or not: a slow producer's bytes leave at
			// once
			int length = stream.read(data, 0, want);
			if (remaining >= 0) {
				if (length < 0) {
					throw new IOException("stream ended " + remaining + " bytes before its length");
				}
				remaining -= length;
				end = remaining == 0;
			}
			else {
				end = length < 0;
				length = Math.max(length, 0);
			}
			chunk = frame(data, length, end);
		}
		catch (IOException e) {
			error = e;
		}
		catch (RuntimeException | Error e) {
			if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
				throw e; // fatal, as FailureLog.rethrowIfFatal says (writer may not use
							// it)
			}
			error = new IOException(e); // the stream's fault: its connection ends, not
										// the worker
		}
		finally {
			synchronized (this) {
				reader = null;
				Thread.interrupted(); // a release's interrupt is meant for this read only
			}
		}
		ByteBuffer ready = chunk;
		boolean last = end;
		IOException failed = error;
		try {
			loop.execute(() -> {
				reading = false;
				current = ready;
				finished = last;
				failure = failed;
				onReady.run();
			});
		}
		catch (RejectedExecutionException loopGone) {
			closeOffLoop(stream, worker); // the loop died: nobody will release this body
		}
	}

	private ByteBuffer frame(byte[] data, int length, boolean end) {
		if (!chunked) {
			return ByteBuffer.wrap(data, 0, length);
		}
		byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		ByteBuffer framed = ByteBuffer.allocate(size.length + length + 2 + (end ? LAST_CHUNK.length : 0));
		if (length > 0) {
			framed.put(size).put(data, 0, length).put((byte) '\r').put((byte) '\n');
		}
		if (end) {
			framed.put(LAST_CHUNK);
		}
		return framed.flip();
	}

	@Override
	public long written() {
		return written;
	}

	/**
	 * Interrupts a read that is under way (a source that stalls holds no worker after its
	 * connection ends) and closes the stream off the loop.
	 */
	@Override
	public void release() {
		synchronized (this) {
			released = true;
			if (reader != null) {
				reader.interrupt();
			}
		}
		closeOffLoop(stream, worker);
	}

	/**
	 * Closes the stream on {@code executor}, never on the calling (loop) thread: a
	 * stream's close may block. When the executor is shut down (the server is stopping) a
	 * short-lived thread of its own closes it.
	 */
	public static void closeOffLoop(InputStream stream, Executor executor) {
		Runnable close = () -> {
			try {
				stream.close();
			}
			catch (IOException | RuntimeException ignored) {
				// the exchange is over either way
			}
		};
		try {
			executor.execute(close);
		}
		catch (RejectedExecutionException stopped) {
			Thread closer = new Thread(close, "webserv-close");
			closer.setDaemon(true);
			closer.start();
		}
	}

}
