package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.RawClient;

/**
 * Static-file attacks beyond dev.webserv.files.TraversalTest (which covers encoded dots
 * and slashes, double encoding, backslashes, NUL, symlinks out of the root and hidden
 * files): overlong UTF-8, odd separators, very long and deep paths, and the upload
 * directory itself with an upload in progress. Every target is refused or served exactly
 * as documented, never with a byte from outside the root or a partial upload; the
 * server's descriptors come back to baseline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticFileAttackTest {

	private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

	private TestSite site;

	private Path uploads;

	private Resources.Snapshot beforeStart;

	@BeforeAll
	void start(@TempDir Path temp) throws IOException {
		Path www = Files.createDirectories(temp.resolve("www"));
		Files.writeString(www.resolve("index.html"), "<h1>home</h1>");
		Files.createDirectories(www.resolve("docs"));
		Files.writeString(www.resolve("docs/readme.txt"), "readme");
		Files.writeString(temp.resolve("passwd"), SECRET);
		uploads = Files.createDirectories(www.resolve("uploads"));
		beforeStart = Resources.snapshot();
		site = TestSite.start(s -> s.root(www)
			.location(Location.builder("/").autoindex(true).build())
			.location(Location.builder("/uploads")
				.uploadDir(uploads)
				.autoindex(true)
				.methods("GET", "HEAD", "PUT", "POST", "DELETE")
				.build()));
	}

	@AfterAll
	void stop() {
		site.close();
		Resources.awaitBaseline(beforeStart, Duration.ofSeconds(15),
				java.util.List.of("HttpClient-", "anon_inode:[eventfd]", "anon_inode:[eventpoll]"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/%c0%ae%c0%ae/passwd                       | 400
			/docs/%c0%ae%c0%ae/%c0%ae%c0%ae/passwd     | 400
			/%e0%80%ae%e0%80%ae/passwd                 | 400
			/docs%c0%afreadme.txt                      | 400
			/%c0%2e%c0%2e/passwd                       | 400
			/..%u2216passwd                            | 400
			/docs/..;/..;/passwd                       | 404
			/docs/readme.txt%20                        | 404
			/docs/readme.txt.                          | 404
			/docs/readme.txt::$DATA                    | 404
			/DOCS/README.TXT                           | 404
			/docs//readme.txt                          | 200
			/docs/./readme.txt                         | 200
			/./docs/readme.txt                         | 200
			""")
	void refusesOrServesExactlyAsDocumented(String target, int status) throws IOException {
		RawClient.RawResponse response = get(target);
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.bodyText()).doesNotContain(SECRET);
		if (status == 200) {
			assertThat(response.bodyText()).isEqualTo("readme");
		}
	}

	@Test
	void aVeryDeepPathIsA404NotAStackOverflow() throws IOException {
		assertThat(get("/docs" + "/a".repeat(3000)).status()).isEqualTo(404);
		assertThat(get("/docs" + "/..".repeat(1) + "/x".repeat(2000)).status()).isEqualTo(404);
		assertThat(get("/" + "%2e%2e/".repeat(1000) + "passwd").status()).isEqualTo(400);
	}

	@Test
	void anUploadInProgressIsNeitherServedNorListed() throws Exception {
		try (RawClient uploader = new RawClient(site.server().port())) {
			uploader.send("PUT /uploads/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 900000\r\n\r\n");
			uploader.send(new byte[450_000]);
			RawClient.RawResponse listing = get("/uploads/");
			assertThat(listing.status()).isEqualTo(200);
			assertThat(listing.bodyText()).doesNotContain("big.bin", ".part", ".upload-");
			assertThat(get("/uploads/big.bin").status()).isEqualTo(404);
			uploader.send(new byte[450_000]);
			assertThat(uploader.read().status()).isEqualTo(201);
		}
		assertThat(get("/uploads/big.bin").body()).hasSize(900_000);
		assertThat(Files.list(uploads).map(p -> p.getFileName().toString())).containsExactly("big.bin");
	}

	@Test
	void uploadsCannotNameTheirWayOutOfTheUploadDirectory() throws IOException {
		for (String target : new String[] { "/uploads/..%2f..%2fescape.txt", "/uploads/%2e%2e/escape.txt",
				"/uploads/..%5cescape.txt" }) {
			try (RawClient raw = new RawClient(site.server().port())) {
				raw.send("PUT " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
				assertThat(raw.read().status()).as(target).isIn(400, 403, 404, 405, 409);
			}
		}
		assertThat(Files.exists(uploads.getParent().resolve("escape.txt"))).isFalse();
		assertThat(Files.exists(uploads.getParent().getParent().resolve("escape.txt"))).isFalse();
		try (RawClient raw = new RawClient(site.server().port())) {
			// decoded and normalized first: this names /index.html, under "/", where
			// DELETE is not allowed
			raw.send("DELETE /uploads/%2e%2e/index.html HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().status()).isEqualTo(405);
		}
		assertThat(get("/index.html").status()).isEqualTo(200);
	}

	private RawClient.RawResponse get(String target) throws IOException {
		try (RawClient raw = new RawClient(site.server().port())) {
			return raw.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
		}
	}

}
