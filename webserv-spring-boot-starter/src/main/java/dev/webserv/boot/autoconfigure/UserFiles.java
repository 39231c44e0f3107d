package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * An {@code auth-basic.user-file}: a path, or {@code classpath:/users.htpasswd} (a file
 * in the application, so it runs from any directory). A class path file on disk (an IDE,
 * {@code spring-boot:run}) is read in place and re-read when it changes; one inside a jar
 * is copied once to a temporary file (deleted when the JVM exits), so edits need a
 * restart.
 */
final class UserFiles {

	private static final String CLASSPATH = "classpath:";

	private UserFiles() {
	}

	static Path resolve(String property, String value) {
		if (!value.startsWith(CLASSPATH)) {
			return Path.of(value).toAbsolutePath();
		}
		String name = value.substring(CLASSPATH.length()).replaceFirst("^/+", "");
		ClassLoader loader = ClassUtils.getDefaultClassLoader();
		URL resource = loader == null ? null : loader.getResource(name);
		if (resource == null) {
			throw new InvalidConfigurationPropertyValueException(property, value, "no such file on the class path");
		}
		try {
			if ("file".equals(resource.getProtocol())) {
				return Path.of(resource.toURI());
			}
			Path copy = Files.createTempFile("webserv-users-", ".htpasswd");
			copy.toFile().deleteOnExit();
			try (InputStream in = resource.openStream()) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return copy;
		}
		catch (IOException e) {
			throw new UncheckedIOException("reading " + value, e);
		}
		catch (URISyntaxException e) {
			throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
		}
	}

}
