package dev.webserv.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Finds the Prometheus binaries (Debian package {@code prometheus}: {@code prometheus},
 * {@code promtool}) on the PATH. Under CI ({@code CI} set), where .ci/run installs the
 * package, a missing binary fails the test; on a developer's machine without it, the test
 * is skipped with the command that installs it.
 */
public final class PrometheusTools {

	private PrometheusTools() {
	}

	public static Path require(String name) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String message = name + " is not on the PATH: install the Debian package 'prometheus' "
				+ "(apt-get install -y prometheus; .ci/run does this before the build)";
		if (System.getenv("CI") != null) {
			fail(message);
		}
		Assumptions.abort(message);
		return null;
	}

}
