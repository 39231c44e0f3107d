package dev.webserv.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.Handler;
import dev.webserv.config.Location;

/** Maps one {@code webserv.servers[i].locations[j]} onto a core {@link Location}. */
final class LocationMapper {

	private final BiFunction<String, String, Handler> handlerBeans;

	LocationMapper(BiFunction<String, String, Handler> handlerBeans) {
		this.handlerBeans = handlerBeans;
	}

	Location map(String prefix, WebservProperties.Location location) {
		String path = location.getPath();
		if (path == null || !path.startsWith("/")) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".path", path, "must start with '/'");
		}
		Location.Builder builder = Location.builder(path)
			.exact(location.isExact())
			.methods(ServerConfigMapper.methods(prefix + ".methods", location.getMethods()))
			.index(location.getIndex())
			.autoindex(location.isAutoindex());
		if (location.getRoot() != null) {
			builder.root(Paths.existingDirectory(prefix + ".root", location.getRoot()));
		}
		if (location.getUploadDir() != null) {
			builder.uploadDir(Paths.directory(prefix + ".upload-dir", location.getUploadDir()));
		}
		cgi(prefix + ".cgi", location.getCgi(), builder);
		if (location.getClientMaxBodySize() != null) {
			builder.clientMaxBodySize(
					ServerConfigMapper.bytes(prefix + ".client-max-body-size", location.getClientMaxBodySize()));
		}
		redirect(prefix + ".redirect", location.getRedirect(), builder);
		if (location.getHandler() != null) {
			builder.handler(handler(prefix + ".handler", location.getHandler()));
		}
		try {
			return builder.build();
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(prefix, path, e.getMessage());
		}
	}

	private static void cgi(String prefix, Map<String, String> interpreters, Location.Builder builder) {
		for (Map.Entry<String, String> entry : interpreters.entrySet()) {
			String extension = entry.getKey().startsWith(".") ? entry.getKey() : "." + entry.getKey();
			String interpreter = entry.getValue();
			String property = prefix + "[" + extension + "]";
			if (extension.length() < 2 || interpreter == null || interpreter.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property, interpreter,
						"needs an extension and an interpreter, e.g. {\"[.py]\": /usr/bin/python3}");
			}
			Path program = Path.of(interpreter);
			if (program.isAbsolute() && !Files.isExecutable(program)) {
				throw new InvalidConfigurationPropertyValueException(property, interpreter,
						"interpreter " + interpreter + " does not exist or is not executable");
			}
			builder.cgi(extension, interpreter);
		}
	}

	private static void redirect(String prefix, WebservProperties.Redirect redirect, Location.Builder builder) {
		if (redirect == null) {
			return;
		}
		if (redirect.getLocation() == null || redirect.getLocation().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".location", redirect.getLocation(),
					"a redirect needs a location");
		}
		try {
			builder.redirect(redirect.getStatus(), redirect.getLocation());
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".status", redirect.getStatus(),
					e.getMessage());
		}
	}

	private Handler handler(String property, String beanName) {
		try {
			return handlerBeans.apply(beanName, property);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property, beanName, e.getMessage());
		}
	}
}
