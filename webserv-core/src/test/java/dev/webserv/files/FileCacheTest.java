package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
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
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;

/**
 * A file served once is remembered; whatever happens to it afterwards, the next answer is
 * a fresh one's.
 */
class FileCacheTest {

	/** Larger than {@link FileCache#SMALL_FILE}: sent from the file, not from memory. */
	private static final int LARGE = 64 * 1024;

	@TempDir
	Path temp;

	private Path www;

	private Path page;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		www = Files.createDirectories(temp.resolve("www"));
		page = Files.writeString(Files.createDirectories(www.resolve("dir")).resolve("page.txt"), "first\n");
		Files.setLastModifiedTime(page, FileTime.from(Instant.parse("2020-01-02T03:04:05Z"))); // small
																								// and
																								// settled:
																								// held
		Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("page.txt"), "secret\n");
		site = TestSite.start(server -> server.root(www).location(Location.builder("/").build()));
		assertThat(site.get("/dir/page.txt").body()).isEqualTo("first\n");
	}

	private static RawResponse get(RawClient raw, String path) throws IOException {
		raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
		return raw.read();
	}

	private static byte[] filled(char c, int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

	private static long changed(Path file) {
		try {
			return ((FileTime) Files.getAttribute(file, "unix:ctime")).toMillis();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void aRewrittenFileIsServedWithItsNewBodyAndValidators() throws IOException {
		String etag = site.get("/dir/page.txt").headers().firstValue("ETag").orElseThrow();
		Files.writeString(page, "second, longer\n");
		Files.setLastModifiedTime(page, FileTime.from(Instant.parse("2021-01-02T03:04:05Z")));

		HttpResponse<String> response = site.get("/dir/page.txt");

		assertThat(response.body()).isEqualTo("second, longer\n");
		assertThat(response.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
		assertThat(response.headers().firstValue("Last-Modified")).hasValue("Sat, 02 Jan 2021 03:04:05 GMT");
	}

	@Test
	void aFileRewrittenWithTheSameSizeIsServedAnew() throws IOException {
		Files.writeString(page, "other\n");

		assertThat(site.get("/dir/page.txt").body()).isEqualTo("other\n");
	}

	@Test
	void aHeadOfARememberedFileHasItsLengthAndNoBody() throws IOException {
		try (RawClient raw = new RawClient(site.server().port())) {
			raw.send("HEAD /dir/page.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /dir/page.txt HTTP/1.1\r\nHost: x\r\n\r\n");
			RawResponse head = raw.read(true);
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.header("Content-Length")).isEqualTo("6");
			assertThat(head.body()).isEmpty();
			assertThat(raw.read().bodyText()).as("the next response on the connection").isEqualTo("first\n");
		}
	}

	@Test
	void aRememberedEtagStillAnswers304() {
		String etag = site.get("/dir/page.txt").headers().firstValue("ETag").orElseThrow();
		String modified = site.get("/dir/page.txt").headers().firstValue("Last-Modified").orElseThrow();

		assertThat(site.get("/dir/page.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(site.get("/dir/page.txt", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
	}

	@Test
	void aRetargetedSymlinkServesItsNewTarget() throws IOException {
		Path link = Files.createSymbolicLink(www.resolve("link.txt"), page);
		Files.writeString(www.resolve("other.txt"), "the other one\n");
		assertThat(site.get("/link.txt").body()).isEqualTo("first\n");
		Files.delete(link);
		Files.createSymbolicLink(link, www.resolve("other.txt"));

		assertThat(site.get("/link.txt").body()).isEqualTo("the other one\n");
	}

	@Test
	void aSymlinkRetargetedOutIsRefused() throws IOException {
		Path link = Files.createSymbolicLink(www.resolve("link.txt"), page);
		assertThat(site.get("/link.txt").body()).isEqualTo("first\n");
		Files.delete(link);
		Files.createSymbolicLink(link, temp.resolve("outside/page.txt"));

		assertThat(site.get("/link.txt").statusCode()).isEqualTo(403);
	}

	@Test
	void aDeletedFileIs404() throws IOException {
		Files.delete(page);

		assertThat(site.get("/dir/page.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void aFileReplacedByASymlinkOutIsRefused() throws IOException {
		Files.delete(page);
		Files.createSymbolicLink(page, temp.resolve("outside/page.txt"));

		HttpResponse<String> response = site.get("/dir/page.txt");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("secret");
	}

	@Test
	void aDirectoryReplacedByASymlinkOutIsRefused() throws IOException {
		Files.delete(page);
		Files.delete(www.resolve("dir"));
		Files.createSymbolicLink(www.resolve("dir"), temp.resolve("outside"));

		HttpResponse<String> response = site.get("/dir/page.txt");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("secret");
	}

	@Test
	void aLargeFileReplacedByRenameIsSentWithItsNewBodyAndValidatorsOnTheSameConnection() throws IOException {
		Path large = Files.write(www.resolve("large.bin"), filled('a', LARGE));
		Files.setLastModifiedTime(large, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			RawResponse first = get(raw, "/large.bin");
			assertThat(get(raw, "/large.bin").body()).as("from the remembered entry").isEqualTo(filled('a', LARGE));
			Path next = Files.write(www.resolve("large.tmp"), filled('b', LARGE + 1));
			Files.setLastModifiedTime(next, FileTime.from(Instant.parse("2021-01-02T03:04:05Z")));
			Files.move(next, large, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

			RawResponse second = get(raw, "/large.bin");

			assertThat(second.body()).isEqualTo(filled('b', LARGE + 1));
			assertThat(second.header("ETag")).isNotEqualTo(first.header("ETag"));
			assertThat(second.header("Last-Modified")).isEqualTo("Sat, 02 Jan 2021 03:04:05 GMT");
			raw.send("GET /large.bin HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + first.header("ETag") + "\r\n\r\n");
			assertThat(raw.read().status()).as("the old ETag no longer matches").isEqualTo(200);
		}
	}

	@Test
	void aSettledLargeFileMadeUnreadableAfterBeingServedIs403AndReadableAgainIs200() throws Exception {
		assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
		Path large = Files.write(www.resolve("large.bin"), filled('a', LARGE));
		// remembered as readable once its ctime is settled: the case that skips access(2)
		Await.until("the file's ctime to settle",
				() -> System.currentTimeMillis() - changed(large) > FileCache.SETTLED_MILLIS + 100);
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			assertThat(get(raw, "/large.bin").status()).isEqualTo(200);
			assertThat(get(raw, "/large.bin").status()).isEqualTo(200);
			Files.setPosixFilePermissions(large, PosixFilePermissions.fromString("---------"));

			assertThat(get(raw, "/large.bin").status()).isEqualTo(403);
			assertThat(get(raw, "/large.bin").status()).as("still, once refused").isEqualTo(403);

			Files.setPosixFilePermissions(large, PosixFilePermissions.fromString("rw-r--r--"));
			assertThat(get(raw, "/large.bin").body()).isEqualTo(filled('a', LARGE));
		}
	}

	@Test
	void aFileMadeUnreadableIs403() throws IOException {
		Files.setPosixFilePermissions(page, PosixFilePermissions.fromString("---------"));
		assumeFalse(Files.isReadable(page), "the file stays readable here (running as root)");

		assertThat(site.get("/dir/page.txt").statusCode()).isEqualTo(403);
	}

}
