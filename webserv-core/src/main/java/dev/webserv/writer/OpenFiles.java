package dev.webserv.writer;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The files one event loop sent lately, kept open by path: nginx's open_file_cache with
 * its descriptors. A file sent again while its path still leads to the same file (the
 * caller's stat gives the same device and inode) goes out of the open descriptor: no
 * open, no close, and no trip to the thread that opens files. The descriptor reads the
 * file's current bytes, so a file rewritten in place is sent as it is now; one replaced
 * or deleted has another identity and is opened afresh.
 *
 * <p>
 * Bounded: at most {@value #CAPACITY} files per loop; one unused for
 * {@value #IDLE_SECONDS} s is closed at the loop's next file response (one from a kept
 * file too) or by the loop's timer ({@link #expire}), and all are closed when the loop
 * ends. Loop thread only.
 */
public final class OpenFiles implements AutoCloseable {

	static final int CAPACITY = 64;

	static final int IDLE_SECONDS = 10;

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);

	/** An open file and the bodies sending from it now. */
	final class Shared {

		final FileChannel channel;

		private final Object key;

		private int users = 1;

		private long lastUsed;

		private boolean dropped;

		private Shared(FileChannel channel, Object key) {
			this.channel = channel;
			this.key = key;
		}

		void release() {
			users--;
			lastUsed = System.nanoTime();
			if (users == 0 && dropped) {
				FileBody.close(channel);
			}
		}

	}

	private final Map<Path, Shared> byPath = new HashMap<>();

	private long nextSweep = System.nanoTime();

	private boolean closed;

	/**
	 * A body for a region of the regular file at {@code path}, which the caller has just
	 * read the attributes of.
	 * @param io where a file not kept open is opened
	 * @param loop this loop
	 * @param onReady run on the loop once such a file is open
	 */
	public FileBody body(Path path, BasicFileAttributes now, long offset, long length, Executor io, Executor loop,
			Runnable onReady) {
		sweep(); // at hits too: a loop serving only kept files still closes idle ones
		Shared kept = byPath.get(path);
		if (kept != null) {
			if (kept.key.equals(now.fileKey())) {
				kept.users++;
				return new FileBody(kept, offset, length);
			}
			drop(path, kept);
		}
		return new FileBody(path, now.fileKey(), offset, length, this, io, loop, onReady);
	}

	/**
	 * Keeps a file a body has just opened, if there is room.
	 * @param key the identity the file had before and after it was opened
	 * @return the kept file, used by that body, or null when not kept
	 */
	Shared adopt(Path path, FileChannel channel, Object key) {
		if (closed || key == null || byPath.containsKey(path) || byPath.size() >= CAPACITY && !evictUnused()) {
			return null;
		}
		Shared kept = new Shared(channel, key);
		byPath.put(path, kept);
		return kept;
	}

	private void drop(Path path, Shared kept) {
		byPath.remove(path, kept);
		kept.dropped = true;
		if (kept.users == 0) {
			FileBody.close(kept.channel);
		}
	}

	private boolean evictUnused() {
		for (Map.Entry<Path, Shared> entry : byPath.entrySet()) {
			if (entry.getValue().users == 0) {
				drop(entry.getKey(), entry.getValue());
				return true;
			}
		}
		return false;
	}

	/** Closes the files unused for a while, at most once a second. */
	private void sweep() {
		long now = System.nanoTime();
		if (now - nextSweep < 0 || byPath.isEmpty()) {
			return;
		}
		expire(now);
	}

	/**
	 * Closes the files unused for {@value #IDLE_SECONDS} s; for the loop's timer, so that
	 * an idle loop does not hold them (and a deleted file's space) for ever.
	 * @return when to expire again (a {@link System#nanoTime} value)
	 */
	public long expire(long now) {
		nextSweep = now + TimeUnit.SECONDS.toNanos(1);
		long next = now + IDLE_NANOS;
		for (Map.Entry<Path, Shared> entry : new ArrayList<>(byPath.entrySet())) {
			Shared kept = entry.getValue();
			if (kept.users > 0) {
				next = earlier(next, nextSweep);
			}
			else if (now - kept.lastUsed > IDLE_NANOS) {
				drop(entry.getKey(), kept);
			}
			else {
				next = earlier(next, kept.lastUsed + IDLE_NANOS + 1);
			}
		}
		return next;
	}

	private static long earlier(long a, long b) {
		return a - b <= 0 ? a : b;
	}

	/** Closes every file kept; those still being sent close when their body is done. */
	@Override
	public void close() {
		closed = true;
		Iterator<Map.Entry<Path, Shared>> entries = byPath.entrySet().iterator();
		while (entries.hasNext()) {
			Shared kept = entries.next().getValue();
			entries.remove();
			kept.dropped = true;
			if (kept.users == 0) {
				FileBody.close(kept.channel);
			}
		}
	}

}
