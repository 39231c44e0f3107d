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
 * A listing costs at most {@link DirectoryListing#MAX_ENTRIES} rows and
 * {@link DirectoryListing#MAX_READ} names read however large the directory, hidden and
 * escaping names included, and says so; HEAD of a listing builds no page.
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
	void hiddenAndEscapingNamesCountTowardsTheNamesRead() throws IOException {
		Path crowded = Files.createDirectories(www.resolve("crowded"));
		Path outside = Files.createDirectories(temp.resolve("outside"));
		for (int i = 0; i < DirectoryListing.MAX_READ; i++) {
			if (i % 2 == 0) {
				Files.createFile(crowded.resolve(".hidden" + i));
			}
			else {
				Files.createSymbolicLink(crowded.resolve("away" + i), outside);
			}
		}
		Files.createFile(crowded.resolve("visible"));

		HttpResponse<String> response = site.get("/crowded/");

		// whichever order the directory gives: the read stops at the bound, so at
		// most one name is listed and the page says the rest was not read
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("hidden").doesNotContain("away");
		if (!response.body().contains("href=\"visible\"")) {
			assertThat(response.body())
				.contains("holds more than " + DirectoryListing.MAX_READ + " entries: only 0 are listed");
		}
		else {
			assertThat(response.body()).contains("only 1 are listed");
		}
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
