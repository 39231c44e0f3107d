package dev.webserv.demo;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The tour's lines for the protected path (auth_basic) and the rate-limited path
 * (limit_req), read from docs/spring-boot.md, and the README's HTTPS line, run as written
 * (with curl, through sh) against the demo on free ports: each prints what the page says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "demo.admin-port=0", "demo.https-port=0" })
class DemoTourTests {

	private static final Path GUIDE = Path.of("..", "docs", "spring-boot.md");

	/** A tour row: | `command` | `answer`... | */
	private static final Pattern ROW = Pattern.compile("^\\| `(.+?)` \\| `(.+?)`.*\\|$");

	private static final Path README = Path.of("..", "README.md");

	@LocalServerPort
	int port;

	@Value("${local.webserv.servers.secure.port}")
	int securePort;

	@DynamicPropertySource
	static void uploadDirectory(DynamicPropertyRegistry registry) throws Exception {
		Path uploads = Files.createTempDirectory("demo-tour-uploads");
		uploads.toFile().deleteOnExit();
		registry.add("demo.upload-dir", uploads::toString);
	}

	@Test
	void theProtectedAndRateLimitedLinesAnswerAsTheTourSays() throws Exception {
		requireCurl();
		List<String[]> rows = rows("/private/", "/downloads/");
		assertThat(rows).as("the tour's auth_basic and limit_req lines").hasSize(3);
		for (String[] row : rows) {
			String command = row[0].replace("localhost:8080", "127.0.0.1:" + port);
			assertThat(run(command)).as(row[0]).isEqualTo(row[1]);
		}
	}

	/**
	 * The README's {@code curl -sk ... https://localhost:8443/} line: the site over TLS,
	 * HSTS.
	 */
	@Test
	void theReadmesHttpsLineGetsTheSiteWithHsts() throws Exception {
		requireCurl();
		List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8)
			.stream()
			.filter(line -> line.startsWith("curl -sk") && line.contains("https://localhost:8443/"))
			.toList();
		assertThat(lines).as("the README's HTTPS line").hasSize(1);
		String command = lines.get(0).substring(0, lines.get(0).indexOf('#')).trim();
		String head = run(command.replace("localhost:8443", "localhost:" + securePort));
		assertThat(head).as(command)
			.startsWith("HTTP/1.1 200")
			.containsIgnoringCase("Strict-Transport-Security: max-age=");
	}

	private static List<String[]> rows(String... paths) throws Exception {
		List<String[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines(GUIDE, StandardCharsets.UTF_8)) {
			Matcher row = ROW.matcher(line);
			if (row.matches() && List.of(paths).stream().anyMatch(row.group(1)::contains)) {
				rows.add(new String[] { row.group(1).replace("\\|", "|"), row.group(2) });
			}
		}
		return rows;
	}

	private static String run(String command) throws Exception {
		Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("still running after 30 s: " + command);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
	}

	/** Under CI (.ci/run installs curl) a missing curl fails; elsewhere it skips. */
	private static void requireCurl() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "curl"))) {
				return;
			}
		}
		String message = "curl is not on the PATH: apt-get install -y curl (.ci/run does this)";
		if (System.getenv("CI") != null) {
			fail(message);
		}
		Assumptions.abort(message);
	}

}
