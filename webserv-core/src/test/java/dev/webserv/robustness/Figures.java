package dev.webserv.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures a run produces (connections held, slow clients survived, requests lost, fds
 * leaked), appended to {@code target/robustness-figures.txt} so docs/robustness.md can
 * quote the last run.
 */
final class Figures {

	private static final Path FILE = Path.of("target", "robustness-figures.txt");

	private Figures() {
	}

	static synchronized void record(String scenario, String name, Object value) {
		String line = scenario + ": " + name + " = " + value + System.lineSeparator();
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
