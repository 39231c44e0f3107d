package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;

class StaticFilesTest {

	private static final String README = "The quick brown fox jumps over the lazy dog.\n";

	private static final Instant MODIFIED = Instant.parse("2024-03-05T07:08:09Z");

	@TempDir
	Path temp;

	private Path www;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		www = TestSite.copyWww(temp);
		Files.setLastModifiedTime(www.resolve("docs/readme.txt"), FileTime.from(MODIFIED));
		Path other = Files.createDirectories(temp.resolve("other/alt"));
		Files.writeString(other.resolve("page.txt"), "from the location root");
		site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").index("index.html").build())
			.location(Location.builder("/alt").root(temp.resolve("other")).build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void servesAFileWithTypeLengthAndValidators() {
		HttpResponse<String> response = site.get("/docs/readme.txt");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(README);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
		assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(README.length()));
		assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 05 Mar 2024 07:08:09 GMT");
		assertThat(response.headers().firstValue("ETag")).hasValue(
				"\"" + Long.toHexString(MODIFIED.getEpochSecond()) + "-" + Integer.toHexString(README.length()) + "\"");
		assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
	}

	@Test
	void namesContentTypesFromTheMimeTable() throws IOException {
		Map<String, String> expected = Map.ofEntries(Map.entry("index.html", "text/html; charset=utf-8"),
				Map.entry("style.css", "text/css; charset=utf-8"),
				Map.entry("app.js", "text/javascript; charset=utf-8"), Map.entry("docs/data.json", "application/json"),
				Map.entry("img/logo.png", "image/png"), Map.entry("x.jpg", "image/jpeg"),
				Map.entry("x.gif", "image/gif"), Map.entry("x.svg", "image/svg+xml"), Map.entry("x.webp", "image/webp"),
				Map.entry("x.ico", "image/x-icon"), Map.entry("x.pdf", "application/pdf"),
				Map.entry("x.wasm", "application/wasm"), Map.entry("x.mp4", "video/mp4"),
				Map.entry("x.woff2", "font/woff2"), Map.entry("X.PNG", "image/png"),
				Map.entry("x.unknown", "application/octet-stream"),
				Map.entry("noextension", "application/octet-stream"));
		SoftAssertions softly = new SoftAssertions();
		for (Map.Entry<String, String> entry : expected.entrySet()) {
			Path file = www.resolve(entry.getKey());
			if (!Files.exists(file)) {
				Files.writeString(file, "x");
			}
			HttpResponse<String> response = site.get("/" + entry.getKey());
			softly.assertThat(response.headers().firstValue("Content-Type"))
				.as(entry.getKey())
				.hasValue(entry.getValue());
		}
		softly.assertAll();
	}

	@Test
	void answersHeadWithTheHeadersAndNoBody() {
		HttpResponse<String> response = site
			.send(site.request("/docs/readme.txt").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(README.length()));
		assertThat(response.body()).isEmpty();
	}

	@Test
	void answersAMatchingIfNoneMatchWith304() {
		String etag = site.get("/docs/readme.txt").headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> same = site.get("/docs/readme.txt", "If-None-Match", etag);
		HttpResponse<String> weak = site.get("/docs/readme.txt", "If-None-Match", "\"other\", W/" + etag);
		HttpResponse<String> any = site.get("/docs/readme.txt", "If-None-Match", "*");
		HttpResponse<String> other = site.get("/docs/readme.txt", "If-None-Match", "\"other\"");

		assertThat(same.statusCode()).isEqualTo(304);
		assertThat(same.body()).isEmpty();
		assertThat(same.headers().firstValue("ETag")).hasValue(etag);
		assertThat(weak.statusCode()).isEqualTo(304);
		assertThat(any.statusCode()).isEqualTo(304);
		assertThat(other.statusCode()).isEqualTo(200);
	}

	@Test
	void answersIfModifiedSinceWith304UnlessTheFileIsNewer() {
		assertThat(site.get("/docs/readme.txt", "If-Modified-Since", "Tue, 05 Mar 2024 07:08:09 GMT").statusCode())
			.isEqualTo(304);
		assertThat(site.get("/docs/readme.txt", "If-Modified-Since", "Wed, 06 Mar 2024 00:00:00 GMT").statusCode())
			.isEqualTo(304);
		assertThat(site.get("/docs/readme.txt", "If-Modified-Since", "Mon, 04 Mar 2024 00:00:00 GMT").statusCode())
			.isEqualTo(200);
		assertThat(site.get("/docs/readme.txt", "If-Modified-Since", "not a date").statusCode()).isEqualTo(200);
	}

	@Test
	void letsIfNoneMatchOverruleIfModifiedSince() {
		HttpResponse<String> response = site.get("/docs/readme.txt", "If-None-Match", "\"stale\"", "If-Modified-Since",
				"Wed, 06 Mar 2024 00:00:00 GMT");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void servesASingleRangeWith206() {
		HttpResponse<String> middle = site.get("/docs/readme.txt", "Range", "bytes=4-8");
		HttpResponse<String> suffix = site.get("/docs/readme.txt", "Range", "bytes=-5");
		HttpResponse<String> open = site.get("/docs/readme.txt", "Range", "bytes=40-");
		HttpResponse<String> clamped = site.get("/docs/readme.txt", "Range", "bytes=40-1000");

		assertThat(middle.statusCode()).isEqualTo(206);
		assertThat(middle.body()).isEqualTo("quick");
		assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 4-8/45");
		assertThat(middle.headers().firstValue("Content-Length")).hasValue("5");
		assertThat(suffix.body()).isEqualTo("dog.\n");
		assertThat(open.body()).isEqualTo("dog.\n");
		assertThat(clamped.headers().firstValue("Content-Range")).hasValue("bytes 40-44/45");
	}

	@Test
	void answersAnUnsatisfiableRangeWith416AndTheLength() {
		HttpResponse<String> response = site.get("/docs/readme.txt", "Range", "bytes=45-");

		assertThat(response.statusCode()).isEqualTo(416);
		assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */45");
	}

	@Test
	void answersSeveralRangesOrBadSyntaxWithTheWholeFile() {
		for (String range : new String[] { "bytes=0-1,4-5", "bytes=5-2", "bytes=x-", "items=0-1", "bytes=-" }) {
			HttpResponse<String> response = site.get("/docs/readme.txt", "Range", range);
			assertThat(response.statusCode()).as(range).isEqualTo(200);
			assertThat(response.body()).as(range).isEqualTo(README);
		}
	}

	@Test
	void honoursARangeOnlyWhenIfRangeNamesTheCurrentVersion() {
		String etag = site.get("/docs/readme.txt").headers().firstValue("ETag").orElseThrow();

		assertThat(site.get("/docs/readme.txt", "Range", "bytes=0-2", "If-Range", etag).statusCode()).isEqualTo(206);
		assertThat(site.get("/docs/readme.txt", "Range", "bytes=0-2", "If-Range", "\"old\"").statusCode())
			.isEqualTo(200);
		assertThat(site.get("/docs/readme.txt", "Range", "bytes=0-2", "If-Range", "Tue, 05 Mar 2024 07:08:09 GMT")
			.statusCode()).isEqualTo(206);
	}

	@Test
	void sendsLargeFilesWholeAndInRanges() throws IOException {
		byte[] data = new byte[3 * 1024 * 1024 + 17];
		new Random(7).nextBytes(data);
		Files.write(www.resolve("big.bin"), data);

		HttpResponse<byte[]> whole = site.send(site.request("/big.bin").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<byte[]> part = site.send(site.request("/big.bin").header("Range", "bytes=1048576-2097151").build(),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(whole.body()).isEqualTo(data);
		assertThat(part.statusCode()).isEqualTo(206);
		assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 1048576, 2097152));
	}

	@Test
	void redirectsADirectoryWithoutItsSlashKeepingTheQuery() {
		HttpResponse<String> plain = site.get("/docs");
		HttpResponse<String> withQuery = site.get("/docs?sort=name&x=%20");

		assertThat(plain.statusCode()).isEqualTo(301);
		assertThat(plain.headers().firstValue("Location")).hasValue("/docs/");
		assertThat(withQuery.headers().firstValue("Location")).hasValue("/docs/?sort=name&x=%20");
	}

	@Test
	void servesTheIndexFileOfADirectory() throws IOException {
		HttpResponse<String> response = site.get("/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Files.readString(www.resolve("index.html")));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
	}

	@Test
	void forbidsADirectoryWithoutIndexOrListing() {
		HttpResponse<String> response = site.get("/docs/");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("403 Forbidden");
	}

	@Test
	void answersAFileAskedForAsADirectoryWith404() {
		assertThat(site.get("/docs/readme.txt/").statusCode()).isEqualTo(404);
	}

	@Test
	void answersAMissingFileWith404AndTheDefaultPage() {
		HttpResponse<String> response = site.get("/nothing/here.txt");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(response.body()).contains("<title>404 Not Found</title>");
	}

	@Test
	void appendsTheWholePathToALocationRoot() {
		HttpResponse<String> response = site.get("/alt/page.txt");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("from the location root");
	}

	@Test
	void refusesSpecialFilesWith403() throws Exception {
		Process mkfifo = new ProcessBuilder("mkfifo", www.resolve("pipe").toString()).start();
		assertThat(mkfifo.waitFor()).isZero();

		assertThat(site.get("/pipe").statusCode()).isEqualTo(403);
	}

	@Test
	void answersAnUnreadableFileWith403() throws IOException {
		assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
		Path secret = www.resolve("docs/locked.txt");
		Files.writeString(secret, "locked");
		assertThat(secret.toFile().setReadable(false, false)).isTrue();

		assertThat(site.get("/docs/locked.txt").statusCode()).isEqualTo(403);
	}

}
