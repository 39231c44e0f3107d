package dev.webserv.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files one server made (request bodies spilled to disk), so that
 * {@link #deleteAll()} at stop removes those whose exchange never ended: a handler still
 * running, a loop gone before it could clean up. Files are deleted by whoever finishes
 * with them; the paths of files already gone are forgotten from time to time, so the
 * record stays as small as the files that exist.
 */
public final class TemporaryFiles {

	private static final int FIRST_PRUNE = 64;

	private final Set<Path> made = ConcurrentHashMap.newKeySet();

	private volatile int pruneAt = FIRST_PRUNE;

	private volatile boolean closed;

	/**
	 * Makes an empty temporary file in the system's temporary directory.
	 * @throws IOException when it cannot be made, or the server has stopped
	 */
	public Path create(String prefix) throws IOException {
		if (closed) {
			throw new IOException("the server has stopped");
		}
		Path file = Files.createTempFile(prefix, ".tmp");
		made.add(file);
		if (closed) {
			delete(file);
			throw new IOException("the server has stopped");
		}
		if (made.size() >= pruneAt) {
			prune();
		}
		return file;
	}

	/** Deletes one file, if it is still there. */
	public void delete(Path file) {
		made.remove(file);
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// the temporary directory's cleaner takes what is left
		}
	}

	/** Deletes every file still there; later {@link #create} calls fail. */
	public void deleteAll() {
		closed = true;
		made.forEach(this::delete);
	}

	/** Files still there (approximately, while others create and delete). */
	public int count() {
		return made.size();
	}

	private synchronized void prune() {
		if (made.size() < pruneAt) {
			return;
		}
		made.removeIf(file -> !Files.exists(file));
		pruneAt = Math.max(FIRST_PRUNE, made.size() * 2);
	}

}
