package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;

/**
 * A remembered file's 200 carries header fields made once per version of the file and
 * shared by its responses, and the loop writes a head that repeats from the bytes it
 * kept. Whatever changes between two requests on one connection (another file, a new
 * version of the same file, its mode, a location that adds a field), the head is the one
 * the file as it is now calls for, never the kept one.
 */
class StaticHeadFieldsTest {

	/** Sent from the file, not from memory. */
	private static final int LARGE = 64 * 1024;

	private static final Instant FIRST = Instant.parse("2020-01-02T03:04:05Z");

	private static final Instant SECOND = Instant.parse("2021-01-02T03:04:05Z");

	@TempDir
	Path www;

	private TestSite site;

	@BeforeEach
	void start() {
		site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").build())
			.location(Location.builder("/added/").addHeader("X-Added", "1", false).build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void twoFilesInTurnOnOneConnectionEachGetTheirOwnFields() throws IOException {
		write("a.bin", 'a', LARGE, FIRST);
		write("b.txt", 'b', LARGE + 1, SECOND);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			for (int i = 0; i < 3; i++) {
				RawResponse a = get(raw, "/a.bin");
				RawResponse b = get(raw, "/b.txt");

				assertThat(a.header("Last-Modified")).isEqualTo("Thu, 02 Jan 2020 03:04:05 GMT");
				assertThat(a.header("ETag")).isEqualTo(etag(FIRST, LARGE));
				assertThat(a.header("Content-Type")).isEqualTo("application/octet-stream");
				assertThat(a.body()).isEqualTo(filled('a', LARGE));
				assertThat(b.header("Last-Modified")).isEqualTo("Sat, 02 Jan 2021 03:04:05 GMT");
				assertThat(b.header("ETag")).isEqualTo(etag(SECOND, LARGE + 1));
				assertThat(b.header("Content-Type")).startsWith("text/plain");
				assertThat(b.body()).isEqualTo(filled('b', LARGE + 1));
			}
		}
	}

	@Test
	void aFileGivenOtherTimesInPlaceGetsItsNewValidatorsOnTheNextRequest() throws IOException {
		Path file = write("page.bin", 'a', LARGE, FIRST);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			get(raw, "/page.bin");
			assertThat(get(raw, "/page.bin").header("ETag")).as("the kept head").isEqualTo(etag(FIRST, LARGE));

			// same inode, same size, same bytes: only the times differ
			Files.setLastModifiedTime(file, FileTime.from(SECOND));
			RawResponse after = get(raw, "/page.bin");

			assertThat(after.header("ETag")).isEqualTo(etag(SECOND, LARGE));
			assertThat(after.header("Last-Modified")).isEqualTo("Sat, 02 Jan 2021 03:04:05 GMT");
			raw.send("GET /page.bin HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag(FIRST, LARGE) + "\r\n\r\n");
			assertThat(raw.read().status()).as("the old ETag no longer matches").isEqualTo(200);
			raw.send("GET /page.bin HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag(SECOND, LARGE) + "\r\n\r\n");
			RawResponse notModified = raw.read();
			assertThat(notModified.status()).isEqualTo(304);
			assertThat(notModified.header("ETag")).isEqualTo(etag(SECOND, LARGE));
		}
	}

	@Test
	void aFileReplacedByRenameWithTheSameTimesAndSizeIsSentFromItsNewInode() throws IOException {
		Path file = write("page.bin", 'a', LARGE, FIRST);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			RawResponse first = get(raw, "/page.bin");
			get(raw, "/page.bin");
			Path next = write("page.tmp", 'b', LARGE, FIRST);
			Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

			RawResponse second = get(raw, "/page.bin");

			assertThat(second.body()).isEqualTo(filled('b', LARGE));
			assertThat(second.header("ETag")).as("nginx's ETag: times and size").isEqualTo(first.header("ETag"));
		}
	}

	@Test
	void aTruncatedFileIsSentWithItsNewLengthAndValidators() throws IOException {
		Path file = write("page.bin", 'a', LARGE, FIRST);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			get(raw, "/page.bin");
			get(raw, "/page.bin");
			Files.write(file, filled('c', LARGE / 2));
			Files.setLastModifiedTime(file, FileTime.from(FIRST));

			RawResponse after = get(raw, "/page.bin");

			assertThat(after.header("Content-Length")).isEqualTo(String.valueOf(LARGE / 2));
			assertThat(after.header("ETag")).isEqualTo(etag(FIRST, LARGE / 2));
			assertThat(after.body()).isEqualTo(filled('c', LARGE / 2));
		}
	}

	@Test
	void aLocationThatAddsAFieldAddsItOnceToEveryResponseAndNowhereElse() throws IOException {
		Files.createDirectories(www.resolve("added"));
		write("added/page.bin", 'a', LARGE, FIRST);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			for (int i = 0; i < 3; i++) {
				RawResponse added = get(raw, "/added/page.bin");
				assertThat(added.header("X-Added")).isEqualTo("1");
				assertThat(added.header("ETag")).isEqualTo(etag(FIRST, LARGE));
			}
		}
		String head = site.raw("GET /added/page.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").head();
		assertThat(head.split("X-Added", -1)).as("one X-Added field, not one per response so far").hasSize(2);
	}

	@Test
	void aFileMadeUnreadableBetweenTwoRequestsIs403() throws IOException {
		assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
		Path file = write("page.bin", 'a', LARGE, FIRST);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			get(raw, "/page.bin");
			get(raw, "/page.bin");
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

			raw.send("GET /page.bin HTTP/1.1\r\nHost: x\r\n\r\n");
			RawResponse refused = raw.read();

			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.header("ETag")).isNull();
		}
	}

	private Path write(String name, char c, int size, Instant modified) throws IOException {
		Path file = Files.write(www.resolve(name), filled(c, size));
		Files.setLastModifiedTime(file, FileTime.from(modified));
		return file;
	}

	private static RawResponse get(RawClient raw, String path) throws IOException {
		raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
		RawResponse response = raw.read();
		assertThat(response.status()).isEqualTo(200);
		return response;
	}

	private static String etag(Instant modified, long size) {
		return "\"" + Long.toHexString(modified.getEpochSecond()) + "-" + Long.toHexString(size) + "\"";
	}

	private static byte[] filled(char c, int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

}
