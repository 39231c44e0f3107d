package dev.webserv.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

import dev.webserv.Headers;
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
 * one, of the same size, modification time and change time. Anything else (the file
 * changed, deleted or replaced, a symlink on the way retargeted, a directory swapped for
 * a link to elsewhere: all reach another inode) drops the entry and the request takes the
 * full lookup with every check that makes. The same inode is the very file that was found
 * inside the directory, so serving it is what the full lookup would do. Refusals (403,
 * 404) are never kept: a file may appear at any moment.
 *
 * <p>
 * That one stat is all a remembered file costs once it is known readable: it stays so
 * while its change time (ctime) stays the same, since every chmod, chown or ACL change
 * moves it. Only a change time older than the clock's granularity proves that, so a file
 * changed within the last {@value #SETTLED_MILLIS} ms, or on a file system that reports
 * no change time, is checked for access on each request until it has settled.
 */
final class FileCache {

	/**
	 * A regular file inside the directory, with everything a response about it needs; a
	 * small file's bytes too (else null), since opening, sending and closing it costs far
	 * more than its bytes do.
	 *
	 * @param changed its change time, or null where the file system has none
	 * @param readable whether it is known to be readable without asking again
	 * @param fields the header fields of a 200 about it (validators and type), read-only:
	 * made once per version of the file, shared by its responses
	 */
	record Entry(Path mapped, Path file, BasicFileAttributes attributes, Object fileKey, FileTime changed,
			boolean readable, Validators validators, String contentType, Headers fields, byte[] content) {

		/** A file found by a lookup, not known to be readable. */
		static Entry of(Lookup found) {
			return of(found.file(), found, null);
		}

		private static Entry of(Path mapped, Lookup found, FileTime changed) {
			BasicFileAttributes attributes = found.attributes();
			Validators validators = new Validators(attributes);
			String type = MimeTypes.forName(found.file().getFileName().toString());
			return new Entry(mapped, found.file(), attributes, attributes.fileKey(), changed, false, validators, type,
					StaticFiles.withValidators(new Headers(4), validators).add("Content-Type", type).readOnly(), null);
		}

		long size() {
			return attributes.size();
		}

		Entry withContent(byte[] bytes) {
			return new Entry(mapped, file, attributes, fileKey, changed, readable, validators, contentType, fields,
					bytes);
		}

		Entry asReadable() {
			return new Entry(mapped, file, attributes, fileKey, changed, true, validators, contentType, fields,
					content);
		}

		boolean describes(Stat now) {
			return now.regularFile() && now.size() == size() && now.modified().equals(attributes.lastModifiedTime())
					&& fileKey.equals(now.fileKey()) && Objects.equals(changed, now.changed());
		}
	}

	/**
	 * One stat of a path: the file's identity and version, its change time included where
	 * the file system reports one (else null).
	 */
	record Stat(Object fileKey, boolean regularFile, long size, FileTime modified, FileTime changed) {

		private static final String UNIX = "unix:fileKey,isRegularFile,size,lastModifiedTime,ctime";

		static Stat of(Path path) throws IOException {
			if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
				Map<String, Object> unix = Files.readAttributes(path, UNIX);
				return new Stat(unix.get("fileKey"), (Boolean) unix.get("isRegularFile"), (Long) unix.get("size"),
						(FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime"));
			}
			BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
			return new Stat(basic.fileKey(), basic.isRegularFile(), basic.size(), basic.lastModifiedTime(), null);
		}
	}

	/** Files up to this size are held in memory: at most 4 MiB for a full cache. */
	static final int SMALL_FILE = 4096;

	/**
	 * How old a file's change time must be before the file is taken as readable without
	 * asking, and before its bytes are held (its modification time where it has no change
	 * time). A change within the file system's timestamp granularity could keep the
	 * times; one that comes later cannot (git's "racy clean" rule), so revalidating by
	 * stat stays exact.
	 */
	static final long SETTLED_MILLIS = 2000;

	private final int capacity;

	private final long settledMillis;

	private final Executor io;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * @param io where a small file's bytes are read: reading means opening, and the
	 * regular file found may be a FIFO by now, whose open would block the loop
	 */
	FileCache(int capacity, Executor io) {
		this(capacity, SETTLED_MILLIS, io);
	}

	/** With another settle window, for tests that cannot wait for the real one. */
	FileCache(int capacity, long settledMillis, Executor io) {
		this.capacity = capacity;
		this.settledMillis = settledMillis;
		this.io = io;
	}

	/**
	 * The entry for a request path if the file is still the one it describes, else null
	 * (the full lookup says what it is now).
	 */
	Entry get(String requestPath) {
		Entry entry = entries.get(requestPath);
		if (entry == null) {
			return null;
		}
		long before = System.currentTimeMillis(); // before the stat: see settled
		Stat now = statOrNull(entry.mapped());
		if (now != null && entry.describes(now)) {
			if (entry.readable() || !settled(now, before)) {
				return entry;
			}
			if (Files.isReadable(entry.file())) {
				Entry readable = update(requestPath, entry, Entry::asReadable);
				holdIfSmall(requestPath, readable, now, before); // settled only now
				return readable;
			}
		}
		entries.remove(requestPath, entry);
		return null;
	}

	/**
	 * An entry for a regular file found at a mapped path, kept under the request path
	 * when the file system gives files an identity; known readable when its change time
	 * has settled (a file found unreadable then is not kept).
	 */
	Entry remember(String requestPath, Path mapped, Lookup found) {
		long before = System.currentTimeMillis(); // before the stat: see settled
		Stat now = statOrNull(mapped);
		Entry candidate = Entry.of(mapped, found, now == null ? null : now.changed());
		if (now == null || candidate.fileKey() == null || !candidate.describes(now)) {
			return candidate; // changed meanwhile, or no identity to revalidate by
		}
		if (settled(now, before)) {
			if (!Files.isReadable(candidate.file())) {
				return candidate; // refused; a refusal is not kept
			}
			candidate = candidate.asReadable();
		}
		keep(requestPath, candidate);
		holdIfSmall(requestPath, candidate, now, before);
		return candidate;
	}

	/**
	 * Whether a file's change time is old enough that any change after {@code before}
	 * (taken before the stat) must give it another: then what was true of the file then
	 * is true while the change time stays.
	 */
	private boolean settled(Stat stat, long before) {
		return stat.changed() != null && stat.changed().toMillis() <= before - settledMillis;
	}

	/**
	 * Applies a change to the entry kept for a path if it still comes from the same
	 * lookup as {@code from}; returns what is kept (or {@code from} changed, when nothing
	 * is).
	 */
	private Entry update(String requestPath, Entry from, UnaryOperator<Entry> change) {
		Entry kept = entries.computeIfPresent(requestPath,
				(path, current) -> current.attributes() == from.attributes() ? change.apply(current) : current);
		return kept != null && kept.attributes() == from.attributes() ? kept : change.apply(from);
	}

	private static Stat statOrNull(Path path) {
		try {
			return Stat.of(path);
		}
		catch (IOException | SecurityException gone) {
			return null;
		}
	}

	private void keep(String requestPath, Entry entry) {
		if (entries.size() >= capacity) {
			Iterator<String> any = entries.keySet().iterator();
			if (any.hasNext()) {
				entries.remove(any.next());
			}
		}
		entries.put(requestPath, entry);
	}

	/**
	 * Has a small file's bytes read on the I/O executor, to be added to its entry, once
	 * no change to come can keep its times: its change time settled, or where there is
	 * none, its modification time.
	 */
	private void holdIfSmall(String requestPath, Entry entry, Stat now, long before) {
		FileTime settledBy = now.changed() != null ? now.changed() : now.modified();
		if (entry.size() > SMALL_FILE || entry.content() != null || settledBy.toMillis() > before - settledMillis) {
			return;
		}
		try {
			io.execute(() -> readContent(requestPath, entry));
		}
		catch (RejectedExecutionException stopping) {
			// sent from the file meanwhile, as a larger one is
		}
	}

	/**
	 * Runs on the I/O executor: reads a small file's bytes and keeps them with its entry
	 * if the file is still the one the entry describes before and after the read.
	 */
	private void readContent(String requestPath, Entry entry) {
		try {
			if (!entry.describes(Stat.of(entry.file()))) {
				return; // a FIFO now, or another file: the next request looks it up again
			}
			byte[] content = Files.readAllBytes(entry.file());
			if (content.length == entry.size() && entry.describes(Stat.of(entry.file()))) {
				update(requestPath, entry, kept -> kept.withContent(content));
			}
		}
		catch (IOException | RuntimeException unreadable) {
			// sent from the file, which says what is wrong with it
		}
	}

}
