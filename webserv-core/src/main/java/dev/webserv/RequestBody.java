package dev.webserv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body received in full before the handler runs: in memory when small,
 * otherwise in a temporary file that the server deletes when the exchange ends (after the
 * response has been sent, so a response may be built from the file).
 */
public final class RequestBody {

	/**
	 * An empty body that is never discarded: its {@link #file()} makes a new empty file
	 * on each call, which the caller owns. The server gives each exchange a body of its
	 * own.
	 */
	public static final RequestBody EMPTY = new RequestBody(new byte[0], 0, null, 0);

	private final byte[] memory;

	private final int memoryLength;

	private final Path spillFile;

	private final long length;

	private Path materialized;

	private RequestBody(byte[] memory, int memoryLength, Path spillFile, long length) {
		this.memory = memory;
		this.memoryLength = memoryLength;
		this.spillFile = spillFile;
		this.length = length;
	}

	public static RequestBody inMemory(byte[] bytes, int length) {
		return new RequestBody(bytes, length, null, length);
	}

	public static RequestBody inFile(Path file, long length) {
		return new RequestBody(null, 0, file, length);
	}

	public long length() {
		return length;
	}

	public boolean isEmpty() {
		return length == 0;
	}

	/** Whether the body lives in a temporary file rather than in memory. */
	public boolean inFile() {
		return spillFile != null;
	}

	public byte[] bytes() {
		if (spillFile == null) {
			return memoryLength == memory.length ? memory : java.util.Arrays.copyOf(memory, memoryLength);
		}
		try {
			return Files.readAllBytes(spillFile);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public String string() {
		return new String(bytes(), StandardCharsets.UTF_8);
	}

	public InputStream stream() throws IOException {
		return spillFile == null ? new ByteArrayInputStream(memory, 0, memoryLength) : Files.newInputStream(spillFile);
	}

	/**
	 * The body as a file. A large body is already one; a small one is written to a
	 * temporary file on first call. Either file is deleted when the exchange ends: move
	 * or copy it to keep it.
	 */
	public synchronized Path file() throws IOException {
		if (spillFile != null) {
			return spillFile;
		}
		if (this == EMPTY) {
			return Files.createTempFile("webserv-body-", ".tmp"); // shared: nothing
																	// cached on it
		}
		if (materialized == null) {
			materialized = Files.createTempFile("webserv-body-", ".tmp");
			Files.write(materialized, bytes());
		}
		return materialized;
	}

	/**
	 * Whether {@link #discard} has a temporary file to delete: a body that never reached
	 * a file is done with at once, with no trip to another thread.
	 */
	public synchronized boolean hasTemporaryFile() {
		return spillFile != null || materialized != null;
	}

	/**
	 * Deletes the temporary files, if any. Called by the server when the exchange ends.
	 */
	public synchronized void discard() {
		if (this == EMPTY) {
			return;
		}
		deleteQuietly(spillFile);
		deleteQuietly(materialized);
		materialized = null;
	}

	private static void deleteQuietly(Path path) {
		if (path != null) {
			try {
				Files.deleteIfExists(path);
			}
			catch (IOException ignored) {
				// a leftover temp file is harmless; the OS temp cleaner takes it
			}
		}
	}

}
