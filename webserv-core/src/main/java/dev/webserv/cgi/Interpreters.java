package dev.webserv.cgi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a configured interpreter into a command line. "python3" is looked up on the
 * server's PATH, as a shell would; "/usr/bin/python3" is taken as it is; words after the
 * first are arguments ("php-cgi -c /etc/php.ini"); an empty interpreter runs the script
 * itself, which must then be executable.
 */
final class Interpreters {

	private Interpreters() {
	}

	/**
	 * The command for a script, or null when the interpreter is not an executable file.
	 */
	static List<String> command(String interpreter, Path script) {
		List<String> command = new ArrayList<>();
		String[] words = interpreter.trim().split("\\s+");
		if (!words[0].isEmpty()) {
			Path program = find(words[0]);
			if (program == null) {
				return null;
			}
			command.add(program.toString());
			command.addAll(Arrays.asList(words).subList(1, words.length));
		}
		command.add(script.toString());
		return command;
	}

	/** An executable by path, or by name on PATH; null if none. */
	static Path find(String program) {
		try {
			if (program.contains("/")) {
				return executable(Path.of(program)) ? Path.of(program).toAbsolutePath() : null;
			}
			String path = System.getenv("PATH");
			for (String directory : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(File.pathSeparator)) {
				if (!directory.isEmpty() && executable(Path.of(directory, program))) {
					return Path.of(directory, program).toAbsolutePath();
				}
			}
		}
		catch (InvalidPathException e) {
			return null;
		}
		return null;
	}

	private static boolean executable(Path file) {
		return Files.isRegularFile(file) && Files.isExecutable(file);
	}

}
