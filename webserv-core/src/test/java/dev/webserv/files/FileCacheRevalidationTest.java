package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.files.FileCache.Entry;
import dev.webserv.testing.Await;

/**
 * How a remembered file is revalidated: by one stat of its path, which must find the same
 * inode, size, modification time and change time. A file found readable is not checked
 * again (no access(2)) while its change time, which every chmod, chown or ACL change
 * moves, stays the same; only a change time older than the file system's clock can move
 * in the meantime proves that, so a newer one is checked each time until it settles. Runs
 * as root too: these look at the entry, not at what root may read.
 */
class FileCacheRevalidationTest {

	private static final long SETTLE_MILLIS = 200;

	/** Large files only: nothing is read into memory. */
	private static final Executor NO_IO = task -> {
		throw new AssertionError("no file here is small enough to be read");
	};

	@TempDir
	Path www;

	private FileMapping mapping;

	private Path file;

	@BeforeEach
	void create() throws IOException {
		mapping = FileMapping.root(www);
		file = Files.write(www.resolve("page.bin"), new byte[FileCache.SMALL_FILE + 1]);
	}

	@Test
	void aSettledReadableFileIsRememberedAsReadableAndStaysSoUnchanged() {
		FileCache cache = new FileCache(4, SETTLE_MILLIS, NO_IO);
		awaitSettled();

		Entry entry = remember(cache);

		assertThat(entry.readable()).isTrue();
		assertThat(cache.get("/page.bin")).isSameAs(entry);
	}

	@Test
	void aFileChangedWithinTheSettleWindowIsNotTakenAsReadableButStillServed() {
		FileCache cache = new FileCache(4, 3_600_000, NO_IO);

		Entry entry = remember(cache);

		assertThat(entry.readable()).as("checked by access(2) each time").isFalse();
		assertThat(cache.get("/page.bin")).isSameAs(entry);
	}

	@Test
	void anEntryIsTakenAsReadableOnceItsChangeTimeSettles() {
		FileCache cache = new FileCache(4, 1_000, NO_IO);
		assumeTrue(System.currentTimeMillis() - changed() < 800, "the file was created just now");
		assertThat(remember(cache).readable()).isFalse();

		Await.until("the entry to be taken as readable", () -> cache.get("/page.bin").readable());
	}

	@Test
	void aModeChangeDropsTheEntryEvenWhenTheFileStaysReadable() throws IOException {
		FileCache cache = new FileCache(4, SETTLE_MILLIS, NO_IO);
		awaitSettled();
		remember(cache);

		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

		assertThat(cache.get("/page.bin")).isNull();
		assertThat(remember(cache).readable()).as("found again, with a change time too recent to vouch for").isFalse();
	}

	@Test
	void anOwnerChangeDropsTheEntry() throws IOException {
		assumeTrue("root".equals(System.getProperty("user.name")), "only root gives a file away");
		FileCache cache = new FileCache(4, SETTLE_MILLIS, NO_IO);
		awaitSettled();
		remember(cache);

		Files.setAttribute(file, "unix:uid", 65534);

		assertThat(cache.get("/page.bin")).isNull();
	}

	@Test
	void aFileTouchedToItsOwnTimesIsDroppedByItsChangeTime() throws IOException {
		FileCache cache = new FileCache(4, SETTLE_MILLIS, NO_IO);
		awaitSettled();
		remember(cache);
		FileTime modified = Files.getLastModifiedTime(file);

		Files.setLastModifiedTime(file, modified);

		assertThat(cache.get("/page.bin")).isNull();
	}

	@Test
	void aSmallFileFirstAskedForWhileFreshIsHeldInMemoryOnceItSettles() throws IOException {
		Path small = Files.writeString(www.resolve("small.txt"), "small");
		FileCache cache = new FileCache(4, 1_000, Runnable::run);
		assumeTrue(System.currentTimeMillis() - changed(small) < 800, "the file was written just now");
		FileMapping.Lookup found = mapping.lookup("/small.txt");
		assertThat(cache.remember("/small.txt", mapping.map("/small.txt"), found).content()).isNull();

		Await.until("the bytes to be held", () -> cache.get("/small.txt").content() != null);

		assertThat(cache.get("/small.txt").content()).asString().isEqualTo("small");
	}

	private Entry remember(FileCache cache) {
		FileMapping.Lookup found = mapping.lookup("/page.bin");
		assertThat(found.isRegularFile()).isTrue();
		return cache.remember("/page.bin", mapping.map("/page.bin"), found);
	}

	private void awaitSettled() {
		Await.until("the file's change time to settle",
				() -> System.currentTimeMillis() - changed() > SETTLE_MILLIS + 50);
	}

	private long changed() {
		return changed(file);
	}

	private static long changed(Path file) {
		try {
			return ((FileTime) Files.getAttribute(file, "unix:ctime")).toMillis();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
