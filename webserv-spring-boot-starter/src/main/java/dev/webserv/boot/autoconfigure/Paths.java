package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Directory settings, resolved against the working directory and checked at start-up. */
final class Paths {

	private Paths() {
	}

	static Path existingDirectory(String property, String value) {
		Path path = resolve(property, value);
		if (!Files.isDirectory(path)) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					Files.exists(path) ? path + " is not a directory" : "directory " + path + " does not exist");
		}
		return path;
	}

	/** A directory that is created when missing. */
	static Path directory(String property, String value) {
		Path path = resolve(property, value);
		try {
			Files.createDirectories(path);
		}
		catch (IOException e) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"directory " + path + " cannot be created: " + e);
		}
		return path;
	}

	private static Path resolve(String property, String value) {
		try {
			return Path.of(value).toAbsolutePath().normalize();
		}
		catch (InvalidPathException e) {
			throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
		}
	}

}
