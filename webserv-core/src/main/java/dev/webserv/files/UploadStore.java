package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.webserv.RequestBody;

/**
 * Puts uploaded bytes into a directory without ever showing a partial file or replacing
 * one: the bytes go to a hidden temporary file in the same directory (".upload-*.part",
 * which is never served or listed), and only a complete file is linked in under its final
 * name. A hard link fails when the name is taken, so a clash is detected atomically;
 * where a file system has no hard links, the name is reserved with an exclusive create
 * and the temporary file renamed over the reservation.
 */
final class UploadStore {

	/** What a taken name means. */
	enum Clash {

		/** Try "name-1", "name-2", ... (POST). */
		RENAME,
		/** Fail with FileAlreadyExistsException (PUT answers 409). */
		REFUSE

	}

	/**
	 * Numbered names tried for one file before a random suffix: a name taken a thousand
	 * times costs as little as a free one.
	 */
	static final int MAX_NUMBERED_ATTEMPTS = 16;

	private UploadStore() {
	}

	/** Writes into a temporary file. */
	@FunctionalInterface
	interface Filler {

		void fill(Path temporary) throws IOException;

	}

	/**
	 * The numbers already tried per name within one request, so the n-th part named
	 * "a.txt" starts where the previous one stopped instead of at 1.
	 */
	static final class Names {

		private final Map<String, Integer> lastNumber = new HashMap<>();

	}

	/**
	 * Stores bytes under a name in the directory: fills a hidden temporary file there,
	 * then places it. Whatever fails on the way, no temporary file is left behind.
	 * @return the stored file
	 * @throws FileAlreadyExistsException when the name is taken and the clash rule is
	 * {@link Clash#REFUSE}
	 */
	static Path store(Path directory, String name, Clash clash, Filler filler) throws IOException {
		Path temporary = temporary(directory);
		try {
			filler.fill(temporary);
			checkNotCancelled();
			return place(temporary, directory, name, clash, new Names());
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * A new hidden temporary file in the directory, for the caller to fill and delete.
	 */
	static Path temporary(Path directory) throws IOException {
		return Files.createTempFile(directory, ".upload-", ".part");
	}

	/**
	 * Places complete temporary files under free names, all or none: when one fails, or
	 * the handler is cancelled on the way, those already placed are removed again. The
	 * caller deletes the temporary names.
	 * @return the stored files, in the order of the names
	 */
	static List<Path> publish(Path directory, List<Path> temporaries, List<String> names) throws IOException {
		List<Path> placed = new ArrayList<>(names.size());
		Names taken = new Names();
		boolean complete = false;
		try {
			for (int i = 0; i < names.size(); i++) {
				checkNotCancelled();
				placed.add(place(temporaries.get(i), directory, names.get(i), Clash.RENAME, taken));
			}
			complete = true;
			return placed;
		}
		finally {
			if (!complete) {
				for (Path file : placed) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

	/**
	 * Refuses to go on once the worker has been interrupted (the handler timed out and
	 * was cancelled): what is not published yet never will be.
	 */
	static void checkNotCancelled() throws InterruptedIOException {
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedIOException("upload cancelled");
		}
	}

	/**
	 * Fills a temporary file with a request body, by rename when the body already is a
	 * file on that disk.
	 */
	static void fill(Path temporary, RequestBody body) throws IOException {
		if (body.inFile()) {
			try {
				Files.move(body.file(), temporary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				return;
			}
			catch (AtomicMoveNotSupportedException otherDisk) {
				// copied below
			}
		}
		try (InputStream in = body.stream()) {
			Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * Gives a complete temporary file a free name in the directory (the caller removes
	 * the temporary name): the name itself, then a few numbered ones after the last this
	 * request used, then a random suffix. At most {@value #MAX_NUMBERED_ATTEMPTS} + 2
	 * links whatever the directory holds.
	 */
	private static Path place(Path temporary, Path directory, String name, Clash clash, Names names)
			throws IOException {
		readableByAll(temporary);
		Integer last = names.lastNumber.get(name);
		if (last == null) {
			names.lastNumber.put(name, 0);
			if (tryLink(temporary, directory.resolve(name), clash)) {
				return directory.resolve(name);
			}
			last = 0;
		}
		for (int n = last + 1; n <= last + MAX_NUMBERED_ATTEMPTS; n++) {
			names.lastNumber.put(name, n);
			Path target = directory.resolve(FileNames.numbered(name, n));
			if (tryLink(temporary, target, clash)) {
				return target;
			}
		}
		Path target = directory.resolve(FileNames.randomized(name));
		link(temporary, target);
		return target;
	}

	/** Links under the target name; false when it is taken and the rule is to rename. */
	private static boolean tryLink(Path temporary, Path target, Clash clash) throws IOException {
		try {
			link(temporary, target);
			return true;
		}
		catch (FileAlreadyExistsException taken) {
			if (clash == Clash.REFUSE) {
				throw taken;
			}
			return false;
		}
	}

	private static void link(Path temporary, Path target) throws IOException {
		try {
			Files.createLink(target, temporary);
		}
		catch (FileAlreadyExistsException taken) {
			throw taken;
		}
		catch (UnsupportedOperationException | FileSystemException noHardLinks) {
			Files.createFile(target);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * Temporary files are private (0600); a stored upload is an ordinary file, as with a
	 * umask of 022.
	 */
	private static void readableByAll(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

}
