package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.Await;

class UploadTest {

	private static final String BOUNDARY = "----webservBoundary7MA4YWxkTrZu0gW";

	@TempDir
	Path temp;

	private Path uploads;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path www = TestSite.copyWww(temp);
		uploads = Files.createDirectories(temp.resolve("store"));
		site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").index("index.html").build())
			.location(Location.builder("/uploads").uploadDir(uploads).autoindex(true).build())
			.location(Location.builder("/small").uploadDir(uploads).clientMaxBodySize(1000).build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void storesMultipartFilesUnderTheirNamesAndServesThemBack() throws IOException {
		HttpResponse<String> response = postForm("/uploads/", part("file", "notes.txt", "text/plain", "some notes"));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location")).hasValue("/uploads/notes.txt");
		assertThat(Files.readString(uploads.resolve("notes.txt"))).isEqualTo("some notes");
		assertThat(site.get("/uploads/notes.txt").body()).isEqualTo("some notes");
		assertThat(site.get("/uploads/").body()).contains("<a href=\"notes.txt\">notes.txt</a>");
	}

	@Test
	void storesEveryFilePartAndSkipsPlainFields() throws IOException {
		HttpResponse<String> response = postForm("/uploads/", part("title", null, null, "holiday"),
				part("first", "a.bin", "application/octet-stream", "\r\n--not-the-boundary\r\n"),
				part("second", "b.txt", "text/plain", ""), part("empty", "", "application/octet-stream", ""));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("/uploads/a.bin\n/uploads/b.txt\n");
		assertThat(Files.readString(uploads.resolve("a.bin"))).isEqualTo("\r\n--not-the-boundary\r\n");
		assertThat(Files.size(uploads.resolve("b.txt"))).isZero();
		assertThat(names()).containsExactlyInAnyOrder("a.bin", "b.txt");
	}

	@Test
	void sanitizesClientFileNames() throws IOException {
		postForm("/uploads/", part("a", "../../evil.txt", null, "1"), part("b", "C:\\Users\\me\\photo.jpg", null, "2"),
				part("c", ".bashrc", null, "3"), part("d", "we<ird>|na?me.txt", null, "4"));

		assertThat(names()).containsExactlyInAnyOrder("evil.txt", "photo.jpg", "bashrc", "we_ird__na_me.txt");
		assertThat(Files.exists(temp.resolve("evil.txt"))).isFalse();
	}

	@Test
	void neverOverwritesOnAPostClash() throws IOException {
		postRaw("/uploads/cat.png", "image/png", "first");
		HttpResponse<String> second = postRaw("/uploads/cat.png", "image/png", "second");
		HttpResponse<String> third = postForm("/uploads/", part("f", "cat.png", "image/png", "third"));

		assertThat(second.headers().firstValue("Location")).hasValue("/uploads/cat-1.png");
		assertThat(third.headers().firstValue("Location")).hasValue("/uploads/cat-2.png");
		assertThat(Files.readString(uploads.resolve("cat.png"))).isEqualTo("first");
		assertThat(Files.readString(uploads.resolve("cat-1.png"))).isEqualTo("second");
	}

	@Test
	void namesARawBodyWithoutANameByItsType() {
		HttpResponse<String> response = postRaw("/uploads/", "text/plain; charset=utf-8", "hello");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location").orElseThrow())
			.matches("/uploads/upload-\\d{8}-\\d{6}-[0-9a-f]{6}\\.txt");
		assertThat(site.get(response.headers().firstValue("Location").orElseThrow()).body()).isEqualTo("hello");
	}

	@Test
	void putsAFileAndRefusesToReplaceIt() throws IOException {
		HttpResponse<String> created = put("/uploads/report.csv", "a,b\n");
		HttpResponse<String> again = put("/uploads/report.csv", "c,d\n");

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/uploads/report.csv");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(Files.readString(uploads.resolve("report.csv"))).isEqualTo("a,b\n");
	}

	@Test
	void putSanitizesTheNameInThePath() {
		HttpResponse<String> response = put("/uploads/my%20file%3F.txt", "x");

		assertThat(response.headers().firstValue("Location")).hasValue("/uploads/my%20file_.txt");
	}

	@Test
	void refusesToStoreIntoAMissingDirectory() {
		assertThat(postRaw("/uploads/nowhere/x.txt", "text/plain", "x").statusCode()).isEqualTo(404);
		assertThat(put("/uploads/nowhere/x.txt", "x").statusCode()).isEqualTo(404);
		assertThat(put("/uploads/", "x").statusCode()).isEqualTo(409);
		postRaw("/uploads/file.txt", "text/plain", "x");
		assertThat(postRaw("/uploads/file.txt/below.txt", "text/plain", "x").statusCode()).isEqualTo(409);
	}

	@Test
	void answersBrokenMultipartWith400AndStoresNothing() throws IOException {
		String unterminated = "--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\n" + "data without an end";
		HttpResponse<String> broken = site.send(site.request("/uploads/")
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(BodyPublishers.ofString(unterminated))
			.build());
		HttpResponse<String> noFile = postForm("/uploads/", part("title", null, null, "no file here"));
		HttpResponse<String> noBoundary = site.send(site.request("/uploads/")
			.header("Content-Type", "multipart/form-data")
			.POST(BodyPublishers.ofString("x"))
			.build());

		assertThat(broken.statusCode()).isEqualTo(400);
		assertThat(noFile.statusCode()).isEqualTo(400);
		assertThat(noBoundary.statusCode()).isEqualTo(400);
		assertThat(allEntries()).isEmpty();
	}

	@Test
	void answersABodyOverTheLimitWith413AndStoresNothing() throws IOException {
		HttpResponse<String> response = postRaw("/small/big.bin", "application/octet-stream", "x".repeat(1001));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(postRaw("/small/fits.bin", "application/octet-stream", "x".repeat(1000)).statusCode())
			.isEqualTo(201);
		assertThat(allEntries()).containsExactly("fits.bin");
	}

	@Test
	void leavesNothingVisibleWhenTheClientAbortsMidBody() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", site.server().port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /uploads/partial.bin HTTP/1.1\r\nHost: localhost\r\nContent-Length: 500000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[200_000]);
			out.flush();
		}
		awaitNoConnections();

		assertThat(allEntries()).isEmpty();
		assertThat(site.get("/uploads/partial.bin").statusCode()).isEqualTo(404);
	}

	@Test
	void deletesAFile() throws IOException {
		Files.writeString(uploads.resolve("old.txt"), "old");
		assertThat(delete("/uploads/old.txt/").statusCode()).isEqualTo(404);

		HttpResponse<String> response = delete("/uploads/old.txt");

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(Files.exists(uploads.resolve("old.txt"))).isFalse();
		assertThat(site.get("/uploads/old.txt").statusCode()).isEqualTo(404);
		assertThat(delete("/uploads/old.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void refusesToDeleteDirectoriesHiddenFilesAndWhatLiesOutside() throws IOException {
		Files.createDirectories(uploads.resolve("sub"));
		Files.writeString(uploads.resolve(".keep"), "");
		Path outside = Files.writeString(temp.resolve("outside.txt"), "keep me");
		Files.createSymbolicLink(uploads.resolve("link.txt"), outside);

		assertThat(delete("/uploads/sub").statusCode()).isEqualTo(403);
		assertThat(delete("/uploads/sub/").statusCode()).isEqualTo(403);
		assertThat(delete("/uploads/").statusCode()).isEqualTo(403);
		assertThat(delete("/uploads/link.txt").statusCode()).isEqualTo(403);
		assertThat(delete("/uploads/.keep").statusCode()).isEqualTo(404);
		assertThat(Files.readString(outside)).isEqualTo("keep me");
		assertThat(Files.exists(uploads.resolve(".keep"))).isTrue();
	}

	@Test
	void deletesASymlinkItselfNotItsTarget() throws IOException {
		Path target = Files.writeString(uploads.resolve("target.txt"), "stay");
		Files.createSymbolicLink(uploads.resolve("alias.txt"), target);

		assertThat(delete("/uploads/alias.txt").statusCode()).isEqualTo(204);
		assertThat(Files.readString(target)).isEqualTo("stay");
		assertThat(Files.exists(uploads.resolve("alias.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void answersDeleteWith405WhereTheLocationDoesNotAllowIt() {
		HttpResponse<String> response = delete("/docs/readme.txt");

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
	}

	// helpers

	private HttpResponse<String> postRaw(String path, String type, String body) {
		return site.send(site.request(path).header("Content-Type", type).POST(BodyPublishers.ofString(body)).build());
	}

	private HttpResponse<String> put(String path, String body) {
		return site.send(site.request(path).PUT(BodyPublishers.ofString(body)).build());
	}

	private HttpResponse<String> delete(String path) {
		return site.send(site.request(path).DELETE().build());
	}

	private HttpResponse<String> postForm(String path, byte[]... parts) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write("preamble to ignore\r\n".getBytes(StandardCharsets.UTF_8));
		for (byte[] part : parts) {
			body.write(part);
		}
		body.write(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = site.request(path)
			.header("Content-Type", "multipart/form-data; boundary=\"" + BOUNDARY + "\"")
			.POST(BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return site.send(request);
	}

	static byte[] part(String name, String filename, String type, String content) {
		StringBuilder part = new StringBuilder(
				"--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"");
		if (filename != null) {
			part.append("; filename=\"").append(filename).append('"');
		}
		part.append("\r\n");
		if (type != null) {
			part.append("Content-Type: ").append(type).append("\r\n");
		}
		return part.append("\r\n").append(content).append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
	}

	private List<String> names() throws IOException {
		return allEntries().stream().filter(name -> !name.startsWith(".")).toList();
	}

	/** Every entry of the upload directory, hidden temporaries included. */
	private List<String> allEntries() throws IOException {
		try (Stream<Path> entries = Files.list(uploads)) {
			return entries.map(path -> path.getFileName().toString()).sorted().toList();
		}
	}

	private void awaitNoConnections() {
		Await.until("no connection open", () -> site.server().statistics().connections() == 0);
	}

}
