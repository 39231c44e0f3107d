package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.RequestBody;
import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.parser.RequestHead;

/**
 * A class path folder inside a real jar, served over a socket: what a packaged Spring
 * Boot application's {@code classpath:/static/} gets.
 */
class ClasspathFilesTest {

	private static final Instant MODIFIED = Instant.parse("2024-03-05T07:08:10Z");

	private static final String PAGE = "<h1>from the jar</h1>\n";

	private static final String TEXT = "0123456789abcdefghij";

	@TempDir
	Path temp;

	private URLClassLoader loader;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path jar = temp.resolve("app.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			entry(out, "application.yml", "secret: 42\n");
			entry(out, "static/", null);
			entry(out, "static/index.html", PAGE);
			entry(out, "static/docs/", null);
			entry(out, "static/docs/text.txt", TEXT);
			entry(out, "static/css/", null);
			entry(out, "static/css/site.css", "body { color: red }\n");
			entry(out, "static/.hidden", "hidden\n");
		}
		loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null);
		ClasspathFiles files = new ClasspathFiles(loader, "classpath:/static/", List.of("index.html"));
		site = TestSite.start(server -> server.location(Location.builder("/").handler(files).build()));
	}

	private static void entry(JarOutputStream out, String name, String content) throws IOException {
		JarEntry entry = new JarEntry(name);
		entry.setLastModifiedTime(FileTime.from(MODIFIED));
		out.putNextEntry(entry);
		if (content != null) {
			out.write(content.getBytes(StandardCharsets.UTF_8));
		}
		out.closeEntry();
	}

	@AfterEach
	void stop() throws IOException {
		site.close();
		loader.close();
	}

	@Test
	void servesAJarEntryWithTypeLengthAndValidatorsFromTheEntry() {
		HttpResponse<String> response = site.get("/docs/text.txt");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TEXT);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
		assertThat(response.headers().firstValue("Content-Length")).hasValue("20");
		assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 05 Mar 2024 07:08:10 GMT");
		assertThat(response.headers().firstValue("ETag"))
			.hasValue("\"" + Long.toHexString(MODIFIED.getEpochSecond()) + "-14\"");
		assertThat(site.get("/css/site.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
	}

	@Test
	void answers304ToItsOwnValidators() {
		HttpResponse<String> first = site.get("/docs/text.txt");
		String etag = first.headers().firstValue("ETag").orElseThrow();
		String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

		assertThat(site.get("/docs/text.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(site.get("/docs/text.txt", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
		assertThat(site.get("/docs/text.txt", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
	}

	@Test
	void servesASingleRange() {
		HttpResponse<String> middle = site.get("/docs/text.txt", "Range", "bytes=5-9");
		HttpResponse<String> suffix = site.get("/docs/text.txt", "Range", "bytes=-3");

		assertThat(middle.statusCode()).isEqualTo(206);
		assertThat(middle.body()).isEqualTo("56789");
		assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 5-9/20");
		assertThat(suffix.body()).isEqualTo("hij");
		assertThat(site.get("/docs/text.txt", "Range", "bytes=50-").statusCode()).isEqualTo(416);
	}

	@Test
	void servesTheIndexOfAFolderAndRedirectsAFolderWithoutItsSlash() {
		assertThat(site.get("/").body()).isEqualTo(PAGE);
		HttpResponse<String> folder = site.get("/docs");
		assertThat(folder.statusCode()).isEqualTo(301);
		assertThat(folder.headers().firstValue("Location")).hasValue("/docs/");
	}

	@Test
	void neverListsAFolder() {
		HttpResponse<String> response = site.get("/docs/");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("text.txt");
		assertThat(site.get("/nothing/").statusCode()).isEqualTo(404);
	}

	@Test
	void servesNothingOutsideTheFolderNorHiddenFiles() {
		for (String target : List.of("/../application.yml", "/%2e%2e/application.yml",
				"/docs/%2E%2E/../application.yml", "//application.yml", "/%2Fapplication.yml",
				"/docs/..%5c..%5capplication.yml", "/.hidden", "/static/index.html", "/C:/application.yml")) {
			TestSite.RawResponse response = site.rawGet(target);
			assertThat(response.status()).as(target).isIn(400, 404);
			assertThat(response.body()).as(target).doesNotContain("secret");
		}
	}

	@Test
	void refusesPathsOutsideTheFolderEvenWhenNoParserNormalizedThem() throws Exception {
		ClasspathFiles files = new ClasspathFiles(loader, "static", List.of());
		for (String path : List.of("/../application.yml", "/docs/../../application.yml", "//application.yml",
				"/docs/..\\..\\application.yml", "/./index.html")) {
			assertThat(files.handle(get(path)).status()).as(path).isEqualTo(404);
		}
		assertThat(files.handle(get("/docs/text.txt")).status()).isEqualTo(200);
	}

	private static Request get(String path) {
		return new Request(
				new RequestHead("GET", path, path, null, "HTTP/1.1", new Headers(), "x", -1, false, true, false),
				RequestBody.EMPTY, null, null, "/", Map.of());
	}

	@Test
	void refusesTheClassPathRootAndFoldersThatClimbOutOfIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClasspathFiles(loader, "classpath:/", List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClasspathFiles(loader, "classpath:", List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClasspathFiles(loader, "classpath:/static/../", List.of()));
		assertThat(ClasspathFiles.exists(loader, "classpath:/static/")).isTrue();
		assertThat(ClasspathFiles.exists(loader, "classpath:/public/")).isFalse();
	}

	@Test
	void readsAnErrorPageFromTheClassPath() {
		try (TestSite pages = TestSite
			.start(server -> server.errorPage(404, "classpath:/classpath-site/errors/404.html")
				.errorPage(500, "classpath:/classpath-site/errors/missing.html")
				.route("GET", "/fail", request -> {
					throw new IllegalStateException("x");
				}))) {
			HttpResponse<String> missing = pages.get("/nothing");
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
			assertThat(missing.body()).isEqualTo("<h1>404 from the class path</h1>\n");
			assertThat(pages.get("/fail").body()).contains("500 Internal Server Error");
		}
	}

	@Test
	void answersOtherMethodsWith405() {
		assertThat(site.raw("POST /docs/text.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			.status()).isEqualTo(405);
	}

}
