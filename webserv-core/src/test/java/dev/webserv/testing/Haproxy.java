package dev.webserv.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * HAProxy (Debian package {@code haproxy}) run in the foreground on loopback with a
 * configuration written for one test. Under CI ({@code CI} set), where .ci/run installs
 * the package, a missing binary fails the test; elsewhere the test is skipped with the
 * command that installs it.
 */
public final class Haproxy implements AutoCloseable {

	private final Process process;

	private final Path log;

	private Haproxy(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/** Starts HAProxy with this configuration (checked with -c first). */
	public static Haproxy start(Path directory, String configuration) throws IOException, InterruptedException {
		Path binary = require();
		Path config = directory.resolve("haproxy.cfg");
		Files.writeString(config, configuration, StandardCharsets.US_ASCII);
		Path log = directory.resolve("haproxy.log");
		Process check = new ProcessBuilder(binary.toString(), "-c", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
			fail("haproxy -c refused the configuration:\n" + Files.readString(log));
		}
		Process process = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new Haproxy(process, log);
	}

	/** A port free at this moment on 127.0.0.1 (HAProxy binds it a moment later). */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** What HAProxy printed so far (for failure messages). */
	public String output() {
		try {
			return Files.readString(log);
		}
		catch (IOException e) {
			return "(no output: " + e + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(10, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static Path require() {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : (path + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, "haproxy");
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String message = "haproxy is not on the PATH: install the Debian package 'haproxy' "
				+ "(apt-get install -y haproxy; .ci/run does this before the build)";
		if (System.getenv("CI") != null) {
			fail(message);
		}
		Assumptions.abort(message);
		return null;
	}

}
