package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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

	private static final int MAX_NUMBERED = 1000;

	private UploadStore() {
	}

	/** Writes into a temporary file. */
	@FunctionalInterface
	interface Filler {

		void fill(Path temporary) throws IOException;

	}

	/**
	 * Stores bytes under a name in the directory: fills a hidden temporary file there,
	 * then places it. Whatever fails on the way, no temporary file is left behind.
	 * @return the stored file
	 * @throws FileAlreadyExistsException when the name is taken and the clash rule is
	 * {@link Clash#REFUSE}
	 */
	static Path store(Path directory, String name, Clash clash, Filler filler) throws IOException {
		Path temporary = Files.createTempFile(directory, ".upload-", ".part");
		try {
			filler.fill(temporary);
			return place(temporary, directory, name, clash);
		}
		finally {
			Files.deleteIfExists(temporary);
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
	 * the temporary name).
	 */
	private static Path place(Path temporary, Path directory, String name, Clash clash) throws IOException {
		readableByAll(temporary);
		for (int attempt = 0; attempt <= MAX_NUMBERED; attempt++) {
			Path target = directory.resolve(attempt == 0 ? name : FileNames.numbered(name, attempt));
			try {
				link(temporary, target);
				return target;
			}
			catch (FileAlreadyExistsException taken) {
				if (clash == Clash.REFUSE) {
					throw taken;
				}
			}
		}
		Path target = directory.resolve(FileNames.generated(""));
		link(temporary, target);
		return target;
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
