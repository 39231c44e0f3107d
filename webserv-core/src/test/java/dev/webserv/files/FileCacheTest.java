package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;

/**
 * A file served once is remembered; whatever happens to it afterwards, the next answer is
 * a fresh one's.
 */
class FileCacheTest {

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
	void aFileMadeUnreadableIs403() throws IOException {
		Files.setPosixFilePermissions(page, PosixFilePermissions.fromString("---------"));
		assumeFalse(Files.isReadable(page), "the file stays readable here (running as root)");

		assertThat(site.get("/dir/page.txt").statusCode()).isEqualTo(403);
	}

}
