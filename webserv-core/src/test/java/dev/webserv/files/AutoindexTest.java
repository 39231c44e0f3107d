package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;

class AutoindexTest {

	@TempDir
	Path temp;

	private Path www;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		www = TestSite.copyWww(temp);
		Path docs = www.resolve("docs");
		Files.writeString(docs.resolve("a&b <c>.txt"), "twelve bytes");
		Files.setLastModifiedTime(docs.resolve("a&b <c>.txt"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
		Files.createDirectories(docs.resolve("sub dir"));
		Files.writeString(docs.resolve("\"quoted\".txt"), "");
		Files.writeString(docs.resolve(".hidden"), "");
		site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").autoindex(true).build())
			.location(Location.builder("/img").index("missing.html").build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void listsADirectoryAsHtml() {
		HttpResponse<String> response = site.get("/docs/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
			.contains("<title>Index of /docs/</title>")
			.endsWith("</html>\n");
	}

	@Test
	void escapesNamesAndEncodesLinks() {
		String body = site.get("/docs/").body();

		assertThat(body).contains("<a href=\"a%26b%20%3Cc%3E.txt\">a&amp;b &lt;c&gt;.txt</a>")
			.contains("<a href=\"%22quoted%22.txt\">&quot;quoted&quot;.txt</a>")
			.doesNotContain("<c>");
	}

	@Test
	void showsSizesDatesAndAParentLink() {
		String body = site.get("/docs/").body();

		assertThat(body).contains("<tr><td><a href=\"../\">../</a></td><td></td><td>-</td></tr>")
			.contains("a&amp;b &lt;c&gt;.txt</a></td><td>2024-01-02 03:04</td><td>12</td>")
			.contains("readme.txt</a></td>");
	}

	@Test
	void putsDirectoriesFirstAndHidesDotFiles() {
		String body = site.get("/docs/").body();

		assertThat(body.indexOf("sub%20dir/")).isPositive().isLessThan(body.indexOf("a%26b"));
		assertThat(body).doesNotContain(".hidden");
	}

	@Test
	void hasNoParentLinkAtTheTop() {
		String body = site.get("/").body();

		assertThat(body).doesNotContain("href=\"../\"").contains("<a href=\"docs/\">docs/</a>");
	}

	@Test
	void followsLinksFromTheListing() {
		assertThat(site.get("/docs/a%26b%20%3Cc%3E.txt").body()).isEqualTo("twelve bytes");
		assertThat(site.get("/docs/sub%20dir/").statusCode()).isEqualTo(200);
	}

	@Test
	void prefersAnIndexFileToTheListing() throws IOException {
		Files.writeString(www.resolve("docs/index.html"), "index");
		TestSite indexed = TestSite.start(
				server -> server.root(www).location(Location.builder("/").index("index.html").autoindex(true).build()));
		try {
			assertThat(indexed.get("/docs/").body()).isEqualTo("index");
			assertThat(indexed.get("/img/").body()).contains("logo.png");
		}
		finally {
			indexed.close();
		}
	}

	@Test
	void forbidsAListingWhereAutoindexIsOff() {
		assertThat(site.get("/img/").statusCode()).isEqualTo(403);
	}

}
