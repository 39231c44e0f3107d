package dev.webserv.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A script's stdout as its readers see it: a pump thread reads the pipe from start to
 * end-of-file into a 64 KiB buffer, and the worker (headers) and the response writer
 * (body) read from that buffer. Output that children write after the script exited still
 * arrives: the JDK closes a process's pipe once the process exits unless a thread holds
 * the stream's monitor ({@code ProcessImpl.ProcessPipeInputStream.processExited}), and
 * the pump holds it until end-of-file.
 *
 * <p>
 * The pump also tells how long the script has kept the server waiting: while the buffer
 * is full (the client reads slowly) the time is the client's, not the script's. Closed
 * (the client went away), the buffer drops what the pump still reads until end-of-file,
 * so the script never blocks on a full pipe.
 */
final class ScriptOutput extends InputStream {

	private static final int CAPACITY = 64 * 1024;

	private final InputStream source;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = lock.newCondition();

	private final byte[] buffer = new byte[CAPACITY];

	private int start;

	private int count;

	private boolean ended;

	private boolean closed;

	private IOException failure;

	private volatile boolean waiting;

	private volatile long waitingSince;

	ScriptOutput(InputStream source) {
		this.source = source;
	}

	/**
	 * Reads the pipe to its end; runs on a pipe thread of its own.
	 * @param holding counted down once the pipe is held open
	 */
	void pump(CountDownLatch holding) {
		byte[] chunk = new byte[16 * 1024];
		IOException error = null;
		synchronized (source) { // keeps the pipe open after the script exits (see above)
			holding.countDown();
			try {
				while (true) {
					waitingSince = System.nanoTime();
					waiting = true;
					int read = source.read(chunk);
					waiting = false;
					if (read < 0) {
						break;
					}
					put(chunk, read);
				}
			}
			catch (IOException e) {
				error = e;
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt(); // the server stops
				error = new InterruptedIOException("the server stopped");
			}
			finally {
				waiting = false;
			}
		}
		end(error);
	}

	/** How long the pump has waited for the script's next byte, 0 when not waiting. */
	long waitingNanos(long now) {
		long since = waitingSince;
		return waiting ? now - since : 0;
	}

	private void put(byte[] chunk, int length) throws InterruptedException {
		int offset = 0;
		lock.lock();
		try {
			while (offset < length) {
				while (count == CAPACITY && !closed) {
					changed.await();
				}
				if (closed) {
					return;
				}
				int end = (start + count) % CAPACITY;
				int n = Math.min(length - offset, Math.min(CAPACITY - count, CAPACITY - end));
				System.arraycopy(chunk, offset, buffer, end, n);
				count += n;
				offset += n;
				changed.signalAll();
			}
		}
		finally {
			lock.unlock();
		}
	}

	private void end(IOException error) {
		lock.lock();
		try {
			ended = true;
			failure = error;
			changed.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] into, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		lock.lock();
		try {
			while (count == 0 && !ended && !closed) {
				changed.await();
			}
			if (closed) {
				throw new IOException("CGI output closed");
			}
			if (count == 0) {
				if (failure != null) {
					throw failure;
				}
				return -1;
			}
			int n = Math.min(length, Math.min(count, CAPACITY - start));
			System.arraycopy(buffer, start, into, offset, n);
			start = (start + n) % CAPACITY;
			count -= n;
			changed.signalAll();
			return n;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for CGI output");
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public int available() {
		lock.lock();
		try {
			return count;
		}
		finally {
			lock.unlock();
		}
	}

	/** Never blocks (it may run on an event loop): the pump drops the rest. */
	@Override
	public void close() {
		lock.lock();
		try {
			closed = true;
			count = 0;
			changed.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

}
