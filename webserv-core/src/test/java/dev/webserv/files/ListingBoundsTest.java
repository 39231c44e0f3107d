package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.handler.TestSite.RawResponse;

/**
 * A listing costs at most {@link DirectoryListing#MAX_ENTRIES} rows however large the
 * directory, and says so; HEAD of a listing builds no page.
 */
class ListingBoundsTest {

	@TempDir
	Path temp;

	private Path www;

	private TestSite site;

	@BeforeEach
	void start() {
		www = TestSite.copyWww(temp);
		site = TestSite.start(server -> server.root(www).location(Location.builder("/").autoindex(true).build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void aHugeDirectoryListsTheBoundAndSaysTheRestIsLeftOut() throws IOException {
		Path huge = Files.createDirectories(www.resolve("huge"));
		for (int i = 0; i <= DirectoryListing.MAX_ENTRIES; i++) {
			Files.createFile(huge.resolve("f" + i));
		}

		HttpResponse<String> response = site.get("/huge/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Pattern.compile("<tr><td><a href=\"f\\d+\">").matcher(response.body()).results().count())
			.isEqualTo(DirectoryListing.MAX_ENTRIES);
		assertThat(response.body()).contains("holds more than " + DirectoryListing.MAX_ENTRIES + " entries")
			.endsWith("</html>\n");
	}

	@Test
	void aDirectoryWithinTheBoundHasNoNote() {
		assertThat(site.get("/docs/").body()).doesNotContain("holds more than");
	}

	@Test
	void headOfAListingSendsTheHeadWithoutBuildingThePage() {
		RawResponse head = site.raw("HEAD /docs/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header("content-type")).isEqualTo("text/html; charset=utf-8");
		assertThat(head.header("content-length")).isNull(); // no page was rendered to
															// measure
		assertThat(head.body()).isEmpty();
	}

	@Test
	void headOfAnUnreadableDirectoryIsStill403() throws IOException {
		Path closed = Files.createDirectories(www.resolve("closed"));
		closed.toFile().setReadable(false);
		try {
			org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(closed), "running as root");
			RawResponse head = site.raw("HEAD /closed/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(head.status()).isEqualTo(403);
		}
		finally {
			closed.toFile().setReadable(true);
		}
	}

}
