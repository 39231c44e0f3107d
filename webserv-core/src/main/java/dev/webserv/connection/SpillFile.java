package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.webserv.runtime.TemporaryFiles;

/**
 * The temporary file of a large request body, written by a worker so the event loop never
 * waits on the disk. Writes run one at a time in order; the loop hears about each
 * finished write through its callback and pauses reading while too much is queued. All
 * fields are touched only on the loop thread, except the channel, which only the
 * (sequential) write tasks use.
 */
final class SpillFile {

	/** Queued bytes past which the connection stops reading from the socket. */
	static final int BACKLOG_LIMIT = 256 * 1024;

	private final Executor worker;

	private final TemporaryFiles files;

	private final Executor loop;

	private final Runnable onProgress;

	private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

	private Path path;

	private FileChannel channel;

	private boolean writing;

	private long queued;

	private IOException failure;

	private boolean discarded;

	SpillFile(Executor worker, Executor loop, TemporaryFiles files, Runnable onProgress) {
		this.worker = worker;
		this.files = files;
		this.loop = loop;
		this.onProgress = onProgress;
	}

	/** Queues a copy of the data for writing. */
	void write(ByteBuffer data) {
		ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
		pending.add(copy);
		queued += copy.remaining();
		if (!writing) {
			startNext();
		}
	}

	private void startNext() {
		ByteBuffer next = pending.poll();
		if (next == null || failure != null || discarded) {
			return;
		}
		writing = true;
		int length = next.remaining();
		try {
			worker.execute(() -> {
				IOException error = writeNow(next);
				try {
					loop.execute(() -> written(length, error));
				}
				catch (RejectedExecutionException loopGone) {
					abandon();
				}
			});
		}
		catch (RuntimeException rejected) {
			// told from a task of its own: the caller is in the middle of handing bytes
			// over
			IOException error = new IOException("no executor to write the request body", rejected);
			loop.execute(() -> written(length, error));
		}
	}

	/**
	 * Runs on a worker once the loop has gone: nobody is left to finish or discard it.
	 */
	private void abandon() {
		try {
			if (channel != null) {
				channel.close();
			}
			if (path != null) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ignored) {
			// the temp directory's cleaner takes what is left
		}
	}

	/** Runs on a worker. */
	private IOException writeNow(ByteBuffer data) {
		try {
			if (channel == null) {
				path = files.create("webserv-body-");
				channel = FileChannel.open(path, StandardOpenOption.WRITE);
			}
			while (data.hasRemaining()) {
				channel.write(data);
			}
			return null;
		}
		catch (IOException e) {
			return e;
		}
	}

	private void written(int length, IOException error) {
		writing = false;
		queued -= length;
		if (error != null && failure == null) {
			failure = error;
		}
		if (discarded) {
			deleteLater();
			return;
		}
		startNext();
		onProgress.run();
	}

	boolean backlogged() {
		return queued > BACKLOG_LIMIT;
	}

	/** Whether every queued byte is on disk (or a write failed). */
	boolean settled() {
		return !writing && (pending.isEmpty() || failure != null);
	}

	IOException failure() {
		return failure;
	}

	/** Closes the file once settled and returns its path. */
	Path close() throws IOException {
		channel.close();
		return path;
	}

	/** Drops the body: the file goes as soon as no write is running. */
	void discard() {
		discarded = true;
		pending.clear();
		if (!writing) {
			deleteLater();
		}
	}

	private void deleteLater() {
		FileChannel open = channel;
		Path file = path;
		channel = null;
		path = null;
		if (file == null) {
			return;
		}
		Runnable delete = () -> {
			try {
				if (open != null) {
					open.close();
				}
				Files.deleteIfExists(file);
			}
			catch (IOException ignored) {
				// the temp directory's cleaner takes what is left
			}
		};
		try {
			worker.execute(delete);
		}
		catch (RuntimeException stopped) {
			delete.run(); // the server is stopping: no loop work left to protect
		}
	}

}
