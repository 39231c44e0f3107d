package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
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

import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;

/**
 * The bounds of a multipart upload: parts, files and a part's header block, each refused
 * with 413 and nothing stored (no file, no temporary file); a form is published whole or
 * not at all; a name taken many times costs a bounded number of attempts.
 */
class UploadLimitsTest {

	private static final String BOUNDARY = "limitsBoundary";

	@TempDir
	Path temp;

	private Path uploads;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		uploads = Files.createDirectories(temp.resolve("store"));
		Uploads cancelled = new Uploads(FileMapping.alias("/cancelled", uploads));
		site = TestSite.start(server -> server.location(Location.builder("/uploads").uploadDir(uploads).build())
			.route("POST", "/cancelled/{name}", request -> {
				// what the handler timeout does to a worker: interrupt it
				Thread.currentThread().interrupt();
				try {
					return cancelled.handle(request);
				}
				catch (IOException e) {
					return Response.error(500);
				}
				finally {
					Thread.interrupted();
				}
			}));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void moreFilesThanTheLimitAre413AndNoneIsStored() throws IOException {
		String[] parts = new String[Uploads.MAX_FILES + 1];
		for (int i = 0; i < parts.length; i++) {
			parts[i] = part("f", "file" + i + ".txt", "x");
		}

		HttpResponse<String> response = post("/uploads/", parts);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(allEntries()).isEmpty();
	}

	@Test
	void morePartsThanTheLimitAre413AndNoneIsStored() throws IOException {
		String[] parts = new String[Uploads.MAX_PARTS + 1];
		parts[0] = part("f", "first.txt", "x");
		for (int i = 1; i < parts.length; i++) {
			parts[i] = part("field" + i, null, "v");
		}

		HttpResponse<String> response = post("/uploads/", parts);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(allEntries()).isEmpty();
	}

	@Test
	void aPartHeaderBlockOverTheLimitIs413() throws IOException {
		String padding = "X-Padding: " + "p".repeat(MultipartReader.MAX_HEADER_BYTES) + "\r\n";
		String big = "--" + BOUNDARY + "\r\n" + padding
				+ "Content-Disposition: form-data; name=\"f\"; filename=\"big.txt\"\r\n\r\nx\r\n";

		HttpResponse<String> response = post("/uploads/", part("a", "a.txt", "x"), big);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(allEntries()).isEmpty();
	}

	@Test
	void theMostFilesAllowedAreStoredEvenUnderOneName() throws IOException {
		String[] parts = new String[Uploads.MAX_FILES];
		for (int i = 0; i < parts.length; i++) {
			parts[i] = part("f", "same.txt", Integer.toString(i));
		}

		HttpResponse<String> response = post("/uploads/", parts);

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(allEntries()).hasSize(Uploads.MAX_FILES).contains("same.txt", "same-1.txt", "same-99.txt");
		assertThat(Files.readString(uploads.resolve("same-99.txt"))).isEqualTo("99");
	}

	@Test
	void aNameTakenManyTimesGetsARandomSuffixAfterAFewNumbers() throws IOException {
		Files.writeString(uploads.resolve("busy.txt"), "");
		for (int n = 1; n <= UploadStore.MAX_NUMBERED_ATTEMPTS + 5; n++) {
			Files.writeString(uploads.resolve("busy-" + n + ".txt"), "");
		}

		HttpResponse<String> response = post("/uploads/", part("f", "busy.txt", "new"));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location").orElseThrow()).matches("/uploads/busy-[0-9a-f]{8}\\.txt");
	}

	@Test
	void aBrokenFormAfterGoodFilesStoresNoneOfThem() throws IOException {
		HttpResponse<String> response = post("/uploads/", part("a", "a.txt", "1"), part("b", "b.txt", "2"),
				"--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"c\"; filename=\"c.txt\"\r\n\r\nno end");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(allEntries()).isEmpty();
	}

	@Test
	void aCancelledUploadStoresNothing() throws IOException {
		HttpResponse<String> response = post("/cancelled/form", part("a", "a.txt", "1"), part("b", "b.txt", "2"));

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(allEntries()).isEmpty();
	}

	// helpers

	private HttpResponse<String> post(String path, String... parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (String part : parts) {
			body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return site.send(site.request(path)
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	private static String part(String name, String filename, String content) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
				+ (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n\r\n" + content + "\r\n";
	}

	/** Every name in the upload directory, hidden temporary files included. */
	private List<String> allEntries() throws IOException {
		try (Stream<Path> entries = Files.list(uploads)) {
			return entries.map(path -> path.getFileName().toString()).toList();
		}
	}

}
