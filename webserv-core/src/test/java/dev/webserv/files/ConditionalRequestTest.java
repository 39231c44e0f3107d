package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
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

/**
 * RFC 9110 §13 preconditions over real sockets: If-Match and If-Unmodified-Since give 412
 * on static GET and HEAD, DELETE and PUT (nothing changed), evaluated in the order of
 * §13.2.2, with dates in any of the three formats of §5.6.7.
 */
class ConditionalRequestTest {

	private static final Instant MODIFIED = Instant.parse("2024-01-02T03:04:05Z");

	@TempDir
	Path temp;

	private Path uploads;

	private TestSite site;

	private String etag;

	@BeforeEach
	void start() throws IOException {
		Path www = TestSite.copyWww(temp);
		Files.setLastModifiedTime(www.resolve("docs/readme.txt"), FileTime.from(MODIFIED));
		uploads = Files.createDirectories(temp.resolve("store"));
		Files.writeString(uploads.resolve("keep.txt"), "data");
		Files.setLastModifiedTime(uploads.resolve("keep.txt"), FileTime.from(MODIFIED));
		site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").build())
			.location(Location.builder("/up").uploadDir(uploads).build()));
		etag = site.get("/docs/readme.txt").headers().firstValue("ETag").orElseThrow();
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void getWithAnIfMatchThatFailsIs412() {
		assertThat(site.get("/docs/readme.txt", "If-Match", "\"nope\"").statusCode()).isEqualTo(412);
		assertThat(site.get("/docs/readme.txt", "If-Match", "W/" + etag).statusCode()).isEqualTo(412);
		assertThat(site.get("/docs/readme.txt", "If-Match", "\"a\", " + etag).statusCode()).isEqualTo(200);
		assertThat(site.get("/docs/readme.txt", "If-Match", "*").statusCode()).isEqualTo(200);
		assertThat(head("/docs/readme.txt", "If-Match", "\"nope\"").statusCode()).isEqualTo(412);
	}

	@Test
	void getWithIfUnmodifiedSinceBeforeTheFileIs412() {
		assertThat(site.get("/docs/readme.txt", "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode())
			.isEqualTo(412);
		assertThat(site.get("/docs/readme.txt", "If-Unmodified-Since", "Tue, 02 Jan 2024 03:04:05 GMT").statusCode())
			.isEqualTo(200);
		assertThat(site.get("/docs/readme.txt", "If-Unmodified-Since", "not a date").statusCode()).isEqualTo(200);
	}

	@Test
	void ifMatchOverridesIfUnmodifiedSinceAndComesBeforeIfNoneMatch() {
		assertThat(
				site.get("/docs/readme.txt", "If-Match", etag, "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
					.statusCode())
			.isEqualTo(200);
		assertThat(site.get("/docs/readme.txt", "If-Match", "\"nope\"", "If-None-Match", etag).statusCode())
			.isEqualTo(412);
		assertThat(site.get("/docs/readme.txt", "If-Match", etag, "If-None-Match", etag).statusCode()).isEqualTo(304);
	}

	@Test
	void acceptsTheObsoleteDateFormats() {
		assertThat(site.get("/docs/readme.txt", "If-Modified-Since", "Tue Jan  2 03:04:05 2024").statusCode())
			.isEqualTo(304);
		assertThat(site.get("/docs/readme.txt", "If-Modified-Since", "Tuesday, 02-Jan-24 03:04:05 GMT").statusCode())
			.isEqualTo(304);
		assertThat(site.get("/docs/readme.txt", "If-Unmodified-Since", "Friday, 01-Jan-10 00:00:00 GMT").statusCode())
			.isEqualTo(412);
		assertThat(site.get("/docs/readme.txt", "If-Unmodified-Since", "Thu Jan  1 00:00:00 1970").statusCode())
			.isEqualTo(412);
	}

	@Test
	void deleteWithAFailingConditionIs412AndKeepsTheFile() {
		String keepTag = site.get("/up/keep.txt").headers().firstValue("ETag").orElseThrow();

		assertThat(send(delete("/up/keep.txt").header("If-Match", "\"nope\"")).statusCode()).isEqualTo(412);
		assertThat(send(delete("/up/keep.txt").header("If-None-Match", "*")).statusCode()).isEqualTo(412);
		assertThat(send(delete("/up/keep.txt").header("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"))
			.statusCode()).isEqualTo(412);
		assertThat(Files.exists(uploads.resolve("keep.txt"))).isTrue();

		assertThat(send(delete("/up/keep.txt").header("If-Match", keepTag)).statusCode()).isEqualTo(204);
		assertThat(Files.exists(uploads.resolve("keep.txt"))).isFalse();
	}

	@Test
	void putWithIfNoneMatchStarRefusesToOverwriteWith412() throws IOException {
		assertThat(send(put("/up/keep.txt", "new").header("If-None-Match", "*")).statusCode()).isEqualTo(412);
		assertThat(Files.readString(uploads.resolve("keep.txt"))).isEqualTo("data");

		assertThat(send(put("/up/fresh.txt", "new").header("If-None-Match", "*")).statusCode()).isEqualTo(201);
		assertThat(Files.readString(uploads.resolve("fresh.txt"))).isEqualTo("new");
	}

	@Test
	void putWithIfMatchOnANewNameIs412AndStoresNothing() {
		assertThat(send(put("/up/absent.txt", "x").header("If-Match", "*")).statusCode()).isEqualTo(412);
		assertThat(Files.exists(uploads.resolve("absent.txt"))).isFalse();
	}

	// helpers

	private HttpResponse<String> head(String path, String name, String value) {
		return send(site.request(path).header(name, value).method("HEAD", BodyPublishers.noBody()));
	}

	private HttpRequest.Builder delete(String path) {
		return site.request(path).DELETE();
	}

	private HttpRequest.Builder put(String path, String body) {
		return site.request(path).PUT(BodyPublishers.ofString(body));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return site.send(request.build());
	}

}
