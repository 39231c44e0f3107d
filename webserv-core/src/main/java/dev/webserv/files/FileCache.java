package dev.webserv.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.webserv.files.FileMapping.Lookup;

/**
 * What a lookup learned about a regular file, kept by request path so that the common GET
 * neither resolves the path again nor formats its validators or classifies its type:
 * nginx's open_file_cache, without the open descriptor. Safe to share between event
 * loops; bounded, dropping an arbitrary entry when full.
 *
 * <p>
 * An entry is trusted only while one stat of the path the request maps to, following
 * symlinks as the lookup does, still reaches the same file (device and inode), a regular
 * one, of the same size and modification time. Anything else (the file changed, deleted
 * or replaced, a symlink on the way retargeted, a directory swapped for a link to
 * elsewhere: all reach another inode) drops the entry and the request takes the full
 * lookup with every check that makes. The same inode is the very file that was found
 * inside the directory, so serving it is what the full lookup would do. Refusals (403,
 * 404) are never kept: a file may appear at any moment.
 */
final class FileCache {

	/**
	 * A regular file inside the directory, with everything a response about it needs; a
	 * small file's bytes too (else null), since opening, sending and closing it costs far
	 * more than its bytes do.
	 */
	record Entry(Path mapped, Path file, Object fileKey, long size, FileTime modified, Validators validators,
			String contentType, byte[] content) {

		static Entry of(Lookup found) {
			return of(found.file(), found, null);
		}

		private static Entry of(Path mapped, Lookup found, byte[] content) {
			BasicFileAttributes attributes = found.attributes();
			return new Entry(mapped, found.file(), attributes.fileKey(), attributes.size(),
					attributes.lastModifiedTime(), new Validators(attributes),
					MimeTypes.forName(found.file().getFileName().toString()), content);
		}

		Entry withContent(byte[] bytes) {
			return new Entry(mapped, file, fileKey, size, modified, validators, contentType, bytes);
		}

		boolean describes(BasicFileAttributes now) {
			return now.isRegularFile() && now.size() == size && now.lastModifiedTime().equals(modified)
					&& fileKey.equals(now.fileKey());
		}
	}

	/** Files up to this size are held in memory: at most 4 MiB for a full cache. */
	static final int SMALL_FILE = 4096;

	/**
	 * How old a file's modification time must be before its bytes are held. A rewrite
	 * within the file system's timestamp granularity could keep size and time; one that
	 * comes later cannot (git's "racy clean" rule), so revalidating by stat stays exact.
	 */
	private static final long SETTLED_MILLIS = 2000;

	private final int capacity;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	FileCache(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * The entry for a request path if the file is still the one it describes, else null.
	 */
	Entry get(String requestPath) {
		Entry entry = entries.get(requestPath);
		if (entry == null) {
			return null;
		}
		try {
			BasicFileAttributes now = Files.readAttributes(entry.mapped(), BasicFileAttributes.class);
			if (entry.describes(now)) {
				return entry;
			}
		}
		catch (IOException | SecurityException gone) {
			// dropped below; the full lookup says what it is now
		}
		entries.remove(requestPath, entry);
		return null;
	}

	/**
	 * An entry for a regular file found at a mapped path, kept under the request path
	 * when the file system gives files an identity. A small file's bytes are read on
	 * {@code io} and added to the entry later: reading means opening, and the regular
	 * file found may be a FIFO by now, whose open would block the loop.
	 */
	Entry remember(String requestPath, Path mapped, Lookup found, Executor io) {
		Entry entry = Entry.of(mapped, found, null);
		if (entry.fileKey() == null) {
			return entry; // no identity to revalidate by
		}
		if (entries.size() >= capacity) {
			Iterator<String> any = entries.keySet().iterator();
			if (any.hasNext()) {
				entries.remove(any.next());
			}
		}
		entries.put(requestPath, entry);
		if (settledSmallFile(found.attributes())) {
			try {
				io.execute(() -> readContent(requestPath, entry));
			}
			catch (RejectedExecutionException stopping) {
				// sent from the file meanwhile, as a larger one is
			}
		}
		return entry;
	}

	private static boolean settledSmallFile(BasicFileAttributes attributes) {
		long age = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis();
		return attributes.size() <= SMALL_FILE && age >= SETTLED_MILLIS;
	}

	/**
	 * Runs on the I/O executor: reads a small file's bytes and keeps them with its entry
	 * if the file is still the one the entry describes before and after the read.
	 */
	private void readContent(String requestPath, Entry entry) {
		try {
			if (!entry.describes(Files.readAttributes(entry.file(), BasicFileAttributes.class))) {
				return; // a FIFO now, or another file: the next request looks it up again
			}
			byte[] content = Files.readAllBytes(entry.file());
			if (content.length == entry.size()
					&& entry.describes(Files.readAttributes(entry.file(), BasicFileAttributes.class))) {
				entries.replace(requestPath, entry, entry.withContent(content));
			}
		}
		catch (IOException | RuntimeException unreadable) {
			// sent from the file, which says what is wrong with it
		}
	}

}
