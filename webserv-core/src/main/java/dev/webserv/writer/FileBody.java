package dev.webserv.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.webserv.writer.Output.Progress;

/**
 * A file region sent zero-copy with transferTo (sendfile), in bounded steps as the socket
 * takes it; to a {@link CopyingChannel} (TLS), read into the large direct buffer it lends
 * and written from there.
 *
 * <p>
 * A file is opened off the loop, on the first write: a path checked to be a regular file
 * can be swapped for a FIFO before it is opened, and opening a FIFO blocks until a writer
 * comes. Java has no O_NONBLOCK open, so the open itself must not run on the loop. The
 * opened file is then kept by the loop's {@link OpenFiles}, so the next body for the same
 * file sends from it with no open at all.
 */
public final class FileBody implements Output.Body {

	/** As nginx's sendfile_max_chunk: one sendfile call moves at most this much. */
	static final long STEP = 2 * 1024 * 1024;

	private final Path path;

	private final Object identity;

	private final OpenFiles files;

	private final Executor io;

	private final Executor loop;

	private final Runnable onReady;

	private FileChannel file;

	/** The kept open file this body sends from, or null when it owns its file. */
	private OpenFiles.Shared shared;

	private long position;

	private final long end;

	private long written;

	private boolean opening;

	private boolean released;

	private IOException failure;

	/**
	 * @param path a regular file (checked again, off the loop, before it is opened)
	 * @param identity its file key when the response was made: another file found there
	 * when it is opened fails the body
	 * @param files where the opened file is kept for the next body
	 * @param io where the file is opened
	 * @param loop the connection's event loop, where the opened file is handed back
	 * @param onReady run on the loop once the file is open (or failed to open)
	 */
	FileBody(Path path, Object identity, long offset, long length, OpenFiles files, Executor io, Executor loop,
			Runnable onReady) {
		this.path = path;
		this.identity = identity;
		this.position = offset;
		this.end = offset + length;
		this.files = files;
		this.io = io;
		this.loop = loop;
		this.onReady = onReady;
	}

	/** A region of a file kept open, already counted as used by this body. */
	FileBody(OpenFiles.Shared shared, long offset, long length) {
		this(null, null, offset, length, null, null, null, null);
		this.shared = shared;
		this.file = shared.channel;
	}

	/**
	 * The attributes of the regular file at a path, by stat, which never blocks on a FIFO
	 * as an open does.
	 * @throws AccessDeniedException for anything else (a FIFO, a device, a directory) or
	 * a file this process may not read
	 */
	public static BasicFileAttributes regularFile(Path path) throws IOException {
		return regularFile(path, null);
	}

	/**
	 * {@link #regularFile(Path)}, unless the handler gave the attributes it has just read
	 * of a file it found readable: then one stat per response, not two. The file they
	 * name is checked again off the loop if it must be opened.
	 */
	public static BasicFileAttributes regularFile(Path path, BasicFileAttributes given) throws IOException {
		BasicFileAttributes attributes = given != null ? given : Files.readAttributes(path, BasicFileAttributes.class);
		if (!attributes.isRegularFile() || given == null && !Files.isReadable(path)) {
			throw new AccessDeniedException(path.toString(), null, "not a readable regular file");
		}
		return attributes;
	}

	@Override
	public Progress writeTo(GatheringByteChannel channel) throws IOException {
		if (file == null) {
			return open();
		}
		if (channel instanceof CopyingChannel copying) {
			return copyTo(copying);
		}
		while (position < end) {
			long step = Math.min(STEP, end - position);
			long sent = file.transferTo(position, step, channel);
			if (sent == 0 && position >= file.size()) {
				throw new Output.SourceException("file shrank while being sent", null);
			}
			position += sent;
			written += sent;
			if (sent < step) {
				// the socket is full (or the file shorter: the next call finds out);
				// asking again now would only cost two system calls for nothing
				return Progress.BLOCKED;
			}
		}
		return Progress.DONE;
	}

	private Progress open() throws IOException {
		if (failure != null || released) {
			throw new Output.SourceException("the file could not be opened", failure);
		}
		if (!opening) {
			opening = true;
			try {
				io.execute(this::openOffLoop);
			}
			catch (RejectedExecutionException stopping) {
				throw new Output.SourceException("no thread to open the file on", stopping);
			}
		}
		return Progress.WAITING;
	}

	/** Runs on the I/O executor. */
	private void openOffLoop() {
		FileChannel opened = null;
		Object key = null;
		IOException error = null;
		try {
			// checked again here: what was a regular file when the response was made
			// may be a FIFO now, which would hold this thread until a writer came
			Object before = regularFile(path).fileKey();
			if (identity != null && !identity.equals(before)) {
				throw new IOException("another file is at " + path + " now");
			}
			opened = FileChannel.open(path);
			if (opened.size() < end) {
				throw new IOException("file shrank before being sent: " + path);
			}
			// the same file before and after the open: what was opened is that file,
			// and may be kept open under its identity
			Object after = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
			key = before != null && before.equals(after) ? before : null;
		}
		catch (IOException | RuntimeException e) {
			error = e instanceof IOException io ? io : new IOException(e);
			close(opened);
			opened = null;
		}
		FileChannel result = opened;
		Object identity = key;
		IOException failed = error;
		try {
			loop.execute(() -> opened(result, identity, failed));
		}
		catch (RejectedExecutionException loopGone) {
			close(result); // nobody will release this body
		}
	}

	/** Runs on the loop. */
	private void opened(FileChannel result, Object key, IOException error) {
		opening = false;
		if (released) {
			close(result);
			return;
		}
		file = result;
		failure = error;
		if (result != null && files != null) {
			shared = files.adopt(path, result, key);
		}
		onReady.run();
	}

	/**
	 * Reads a buffer's worth and writes what the channel takes; what it does not take is
	 * read again next time (the channel takes at least a buffer's worth when it has
	 * room).
	 */
	private Progress copyTo(CopyingChannel channel) throws IOException {
		while (position < end) {
			ByteBuffer buffer = channel.fileBuffer();
			buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
			int read = file.read(buffer, position);
			if (read <= 0) {
				throw new Output.SourceException("file shrank while being sent", null);
			}
			buffer.flip();
			int sent = channel.write(buffer);
			position += sent;
			written += sent;
			if (buffer.hasRemaining()) {
				return Progress.BLOCKED;
			}
		}
		return Progress.DONE;
	}

	@Override
	public long written() {
		return written;
	}

	/**
	 * Closes the file, or lets go of the kept one; one still being opened is closed when
	 * the open returns.
	 */
	@Override
	public void release() {
		if (released) {
			return;
		}
		released = true;
		if (shared != null) {
			shared.release();
		}
		else {
			close(file);
		}
		file = null;
	}

	static void close(FileChannel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing more to do with a file we only read
		}
	}

}
