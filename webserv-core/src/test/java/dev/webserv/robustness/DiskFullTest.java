package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;

/**
 * Uploads that hit a full disk: a 1 MiB tmpfs stands for it (mounted here, as root; where
 * mounting is not allowed the tests are skipped, see docs/robustness.md). The answer is
 * 507 and nothing partial is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullTest {

	private static final int FOUR_MIB = 4 << 20;

	private Path tiny;

	@BeforeAll
	void mountATinyFileSystem() throws Exception {
		tiny = Files.createTempDirectory("webserv-tiny-fs-");
		Process mount;
		try {
			mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", tiny.toString())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException noMount) {
			Assumptions.abort("no mount command here: " + noMount.getMessage());
			return;
		}
		String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		Assumptions.assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
				"cannot mount a 1 MiB tmpfs here: " + output.trim());
	}

	@AfterAll
	void unmount() throws Exception {
		if (tiny != null && Files.isDirectory(tiny)) {
			new ProcessBuilder("umount", "-l", tiny.toString()).start().waitFor(10, TimeUnit.SECONDS);
			Files.deleteIfExists(tiny);
		}
	}

	@Test
	void aBodyThatOutgrowsTheTemporaryDirectoryIsAnswered507AndItsFileDeleted() throws Exception {
		Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djava.io.tmpdir=" + tiny, "-cp", System.getProperty("java.class.path"),
				DiskFullServer.class.getName())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			int port = Integer
				.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII))
					.readLine()
					.trim());
			try (RawClient raw = new RawClient(port, 20_000)) {
				raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + FOUR_MIB + "\r\n\r\n");
				sendQuietly(raw, new byte[FOUR_MIB]); // the server may stop reading once
														// the disk is full
				assertThat(raw.read().status()).isEqualTo(507);
			}
			Await.until(java.time.Duration.ofSeconds(10), "nothing left in the full temporary directory",
					() -> entries(tiny).isEmpty());
			try (RawClient raw = new RawClient(port, 20_000)) {
				raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n");
				raw.send(new byte[200_000]);
				assertThat(raw.read().bodyText()).as("served again once there is room").isEqualTo("got 200000");
			}
			Await.until(java.time.Duration.ofSeconds(10), "the spill file deleted", () -> entries(tiny).isEmpty());
		}
		finally {
			server.getOutputStream().close();
			if (!server.waitFor(10, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	@Test
	void anUploadThatFillsTheUploadDirectoryIsAnswered507AndLeavesNothingPartial() throws Exception {
		assertThat(putFourMibIntoTheTinyUploadDirectory()).isEqualTo(507);
		assertThat(entries(tiny)).as("no partial upload, no temporary part").isEmpty();
	}

	@Test
	void aMultipartUploadThatFillsTheUploadDirectoryIsAnswered507AndLeavesNothingPartial() throws Exception {
		assertThat(postFourMibFormIntoTheTinyUploadDirectory()).isEqualTo(507);
		assertThat(entries(tiny)).as("no stored part, no temporary part").isEmpty();
	}

	private int putFourMibIntoTheTinyUploadDirectory() throws IOException {
		return sendIntoTheTinyUploadDirectory(
				"PUT /uploads/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: " + FOUR_MIB + "\r\n\r\n",
				new byte[FOUR_MIB]);
	}

	/**
	 * A form with a small file that fits, then a large one that does not: neither may
	 * remain.
	 */
	private int postFourMibFormIntoTheTinyUploadDirectory() throws IOException {
		String small = "--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"small.bin\"\r\n\r\n"
				+ "x".repeat(1000)
				+ "\r\n--b\r\nContent-Disposition: form-data; name=\"b\"; filename=\"big.bin\"\r\n\r\n";
		byte[] head = small.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[head.length + FOUR_MIB + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(tail, 0, body, head.length + FOUR_MIB, tail.length);
		return sendIntoTheTinyUploadDirectory(
				"POST /uploads/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
						+ "boundary=b\r\nContent-Length: " + body.length + "\r\n\r\n",
				body);
	}

	private int sendIntoTheTinyUploadDirectory(String head, byte[] body) throws IOException {
		Path root = Files.createTempDirectory("webserv-disk-full-root-");
		try (TestSite site = TestSite.start(
				s -> s.root(root)
					.location(Location.builder("/uploads").uploadDir(tiny).methods("GET", "PUT", "POST").build()),
				Limits.DEFAULTS.withMaxBodySize(64L << 20), Timeouts.DEFAULTS);
				RawClient raw = new RawClient(site.server().port(), 20_000)) {
			raw.send(head);
			raw.send(body);
			return raw.read().status();
		}
		finally {
			Files.deleteIfExists(root);
		}
	}

	private static void sendQuietly(RawClient raw, byte[] bytes) {
		try {
			raw.send(bytes);
		}
		catch (IOException closedAfter507) {
			// the answer is still there to read
		}
	}

	private static List<String> entries(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(path -> path.getFileName().toString()).toList();
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

}
