package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;

/**
 * Adversarial probes of the loop's open-file cache ({@link OpenFiles}) over one raw
 * keep-alive connection: what is sent must always be the file the path leads to now, a
 * file cut short while sent must end the connection, and a kept descriptor of a deleted
 * file must not outlive the idle bound.
 */
class OpenFilesAdversaryTest {

	private static final int SIZE = 100_000;

	private static final FileTime SAME_TIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

	@TempDir
	Path www;

	@Test
	void aFileRenamedOverWithTheSameSizeAndTimeIsSentAnewOnTheSameConnection() throws IOException {
		Path file = Files.write(www.resolve("page.bin"), filled('a', SIZE));
		Files.setLastModifiedTime(file, SAME_TIME);
		try (TestSite site = site(); RawClient raw = new RawClient(site.server().port(), 10_000)) {
			RawResponse first = get(raw, "/page.bin");
			assertThat(first.body()).isEqualTo(filled('a', SIZE));

			Path next = Files.write(www.resolve("next.tmp"), filled('b', SIZE));
			Files.setLastModifiedTime(next, SAME_TIME);
			Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			RawResponse second = get(raw, "/page.bin");

			assertThat(second.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
			assertThat(second.body()).isEqualTo(filled('b', SIZE));

			Path shorter = Files.write(www.resolve("shorter.tmp"), filled('c', SIZE / 3));
			Files.move(shorter, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			RawResponse third = get(raw, "/page.bin");

			assertThat(third.header("Content-Length")).isEqualTo(String.valueOf(SIZE / 3));
			assertThat(third.body()).isEqualTo(filled('c', SIZE / 3));
			assertThat(get(raw, "/page.bin").body()).isEqualTo(filled('c', SIZE / 3));
		}
	}

	@Test
	void aFileTruncatedWhileSentEndsTheConnectionShortOfItsLength() throws Exception {
		int size = 32 * 1024 * 1024;
		Path file = www.resolve("large.bin");
		try (RandomAccessFile created = new RandomAccessFile(file.toFile(), "rw")) {
			created.setLength(size);
		}
		try (TestSite site = site(); RawClient raw = new RawClient(site.server().port(), 10_000)) {
			raw.socket().setReceiveBufferSize(16 * 1024);
			raw.send("GET /large.bin HTTP/1.1\r\nHost: x\r\n\r\n");
			InputStream in = raw.socket().getInputStream();
			String head = RawClient.readUntil(in, "\r\n\r\n");
			assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + size);
			long read = in.readNBytes(256 * 1024).length;

			try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
				cut.setLength(1024 * 1024);
			}
			long started = System.nanoTime();
			read += drain(in);

			assertThat(read).as("body bytes before the close").isLessThan(size);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
		}
	}

	@Test
	void aDeletedFileKeptOpenIsClosedOnceIdleWhileOtherKeptFilesAreServed() throws Exception {
		Path gone = Files.write(www.resolve("gone.bin"), filled('g', SIZE));
		Files.write(www.resolve("other.bin"), filled('o', SIZE));
		try (TestSite site = site(); RawClient raw = new RawClient(site.server().port(), 10_000)) {
			assertThat(get(raw, "/gone.bin").body()).hasSize(SIZE);
			assertThat(get(raw, "/other.bin").body()).hasSize(SIZE);
			Files.delete(gone);
			assertThat(get(raw, "/gone.bin").status()).isEqualTo(404);
			assertThat(deletedFilesOpen(gone)).as("kept open just after its deletion").isOne();

			// the loop keeps serving, from the file it keeps open, past the idle bound
			long until = System.nanoTime() + Duration.ofSeconds(OpenFiles.IDLE_SECONDS + 3).toNanos();
			while (System.nanoTime() - until < 0 && deletedFilesOpen(gone) > 0) {
				assertThat(get(raw, "/other.bin").body()).hasSize(SIZE);
				Thread.sleep(200);
			}

			assertThat(deletedFilesOpen(gone)).as("descriptors of the deleted file left open").isZero();
		}
	}

	@Test
	void aKeptFileSwappedForALinkToADeviceOrAFifoIsNeverSent() throws Exception {
		Path file = Files.write(www.resolve("page.bin"), filled('p', SIZE));
		Path fifo = www.resolve("pipe");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
		Files.createSymbolicLink(www.resolve("zero"), Path.of("/dev/zero"));
		try (TestSite site = site(); RawClient raw = new RawClient(site.server().port(), 10_000)) {
			assertThat(get(raw, "/page.bin").body()).hasSize(SIZE);
			assertThat(get(raw, "/zero").status()).isIn(403, 404);

			Path link = www.resolve("link.tmp");
			Files.createSymbolicLink(link, Path.of("/dev/zero"));
			Files.move(link, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			assertThat(get(raw, "/page.bin").status()).isIn(403, 404);

			Files.delete(file);
			Files.createSymbolicLink(file, fifo);
			assertThat(get(raw, "/page.bin").status()).isIn(403, 404);
			// the loop still serves
			Files.delete(file);
			Files.write(file, filled('q', SIZE));
			assertThat(get(raw, "/page.bin").body()).isEqualTo(filled('q', SIZE));
		}
	}

	@Test
	void aBodyGivenTheAttributesOfARegularFileForAFifoFailsWithoutHoldingTheLoop() throws Exception {
		Path regular = Files.write(www.resolve("page.bin"), filled('p', SIZE));
		Path fifo = www.resolve("pipe");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
		BasicFileAttributes regularAttributes = Files.readAttributes(regular, BasicFileAttributes.class);
		try (TestSite site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").build())
			.route("GET", "/lie", request -> Response.status(200).body(fifo, regularAttributes, 0, SIZE)));
				RawClient raw = new RawClient(site.server().port(), 10_000)) {
			raw.send("GET /lie HTTP/1.1\r\nHost: x\r\n\r\n");

			assertThat(drain(raw.socket().getInputStream())).as("bytes before the close").isLessThan(SIZE);
			try (RawClient other = new RawClient(site.server().port(), 10_000)) {
				assertThat(get(other, "/page.bin").body()).as("the loop still serves").isEqualTo(filled('p', SIZE));
			}
		}
	}

	@Test
	void aBodyWhoseAttributesNameAnotherFileIsNeverSentFromTheFileAtItsPath() throws Exception {
		Path kept = Files.write(www.resolve("kept.bin"), filled('k', SIZE));
		Path other = Files.write(www.resolve("other.bin"), filled('o', SIZE));
		BasicFileAttributes otherAttributes = Files.readAttributes(other, BasicFileAttributes.class);
		try (TestSite site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").build())
			.route("GET", "/stale", request -> Response.status(200).body(kept, otherAttributes, 0, SIZE)));
				RawClient raw = new RawClient(site.server().port(), 10_000)) {
			assertThat(get(raw, "/kept.bin").body()).as("now kept open").isEqualTo(filled('k', SIZE));
			raw.send("GET /stale HTTP/1.1\r\nHost: x\r\n\r\n");

			assertThat(drain(raw.socket().getInputStream())).as("bytes before the close").isLessThan(SIZE);
			try (RawClient again = new RawClient(site.server().port(), 10_000)) {
				assertThat(get(again, "/kept.bin").body()).isEqualTo(filled('k', SIZE));
			}
		}
	}

	private TestSite site() {
		return TestSite.start(server -> server.root(www).location(Location.builder("/").build()));
	}

	private static RawResponse get(RawClient raw, String path) throws IOException {
		raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
		return raw.read();
	}

	/** Reads until the server closes (a reset ends it too) and returns the count. */
	private static long drain(InputStream in) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		try {
			int n;
			while ((n = in.read(buffer)) > 0) {
				total += n;
			}
		}
		catch (SocketException reset) {
			// closed with bytes in flight
		}
		catch (SocketTimeoutException hang) {
			throw new AssertionError("the server neither sent nor closed for 10 s after " + total + " bytes", hang);
		}
		return total;
	}

	private static long deletedFilesOpen(Path file) throws IOException {
		String target = file.toString() + " (deleted)";
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			List<Path> all = fds.toList();
			return all.stream().filter((fd) -> target.equals(readLink(fd))).count();
		}
	}

	private static String readLink(Path fd) {
		try {
			return Files.readSymbolicLink(fd).toString();
		}
		catch (IOException | UnsupportedOperationException closedMeanwhile) {
			return "";
		}
	}

	private static byte[] filled(char c, int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

}
