package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;

/**
 * The loop keeps a sent file open for the next response ({@link OpenFiles}); what goes
 * out is still always what the path leads to now: a file replaced or rewritten in place
 * is sent as it is now, one deleted is 404, and the descriptors kept are bounded and
 * closed when the server stops.
 */
class OpenFilesTest {

	private static final int SIZE = 100_000;

	@TempDir
	Path www;

	@Test
	void aReplacedFileIsSentAsItIsNow() throws IOException {
		Path file = Files.write(www.resolve("page.bin"), filled('a', SIZE));
		try (TestSite site = site()) {
			assertThat(bytes(site, "/page.bin")).isEqualTo(filled('a', SIZE));

			Path next = Files.write(www.resolve("next.tmp"), filled('b', SIZE / 2));
			Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			assertThat(bytes(site, "/page.bin")).isEqualTo(filled('b', SIZE / 2));

			// rewritten in place: the same file, a new length
			Files.write(file, filled('c', SIZE / 4), StandardOpenOption.TRUNCATE_EXISTING);
			assertThat(bytes(site, "/page.bin")).isEqualTo(filled('c', SIZE / 4));

			Files.delete(file);
			assertThat(site.get("/page.bin").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void descriptorsAreBoundedAndClosedAtStop() throws Exception {
		int files = OpenFiles.CAPACITY * 2;
		for (int i = 0; i < files; i++) {
			Files.write(www.resolve("f" + i + ".bin"), filled('x', SIZE));
		}
		long before = openFds();
		try (TestSite site = site()) {
			for (int round = 0; round < 3; round++) {
				for (int i = 0; i < files; i++) {
					assertThat(bytes(site, "/f" + i + ".bin")).hasSize(SIZE);
				}
			}
			// the server's own (selectors, listener, clients) plus at most the kept
			// files of its loops
			long running = openFds() - before;
			assertThat(running).isLessThan(OpenFiles.CAPACITY + 30L);
		}
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (openFds() > before + 8 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		// the shared HTTP client may keep a few connections of its own
		assertThat(openFds()).isLessThanOrEqualTo(before + 8);
	}

	private TestSite site() {
		return TestSite.start(server -> server.root(www).location(Location.builder("/").build()));
	}

	private static byte[] bytes(TestSite site, String path) {
		HttpResponse<byte[]> response = site.send(site.request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static byte[] filled(char c, int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

	private static long openFds() throws IOException {
		try (var fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

}
