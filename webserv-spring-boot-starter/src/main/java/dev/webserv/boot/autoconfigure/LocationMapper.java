package dev.webserv.boot.autoconfigure;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.Handler;
import dev.webserv.config.ClasspathRoot;
import dev.webserv.config.Location;

/** Maps one {@code webserv.servers[i].locations[j]} onto a core {@link Location}. */
final class LocationMapper {

	private static final Log logger = LogFactory.getLog(LocationMapper.class);

	private final BiFunction<String, String, Handler> handlerBeans;

	private final ClasspathRoots classpath;

	LocationMapper(BiFunction<String, String, Handler> handlerBeans, ClasspathRoots classpath) {
		this.handlerBeans = handlerBeans;
		this.classpath = classpath;
	}

	/**
	 * @param prefix the property prefix, e.g. "webserv.servers[0].locations[2]"
	 * @param serverRoot the server's root the location inherits (a directory or a
	 * classpath root), or null
	 */
	Location map(String prefix, LocationProperties location, String serverRoot) {
		String path = location.getPath();
		if (path == null || !path.startsWith("/")) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".path", path, "must start with '/'");
		}
		Location.Builder builder = Location.builder(path)
			.exact(location.isExact())
			.methods(ServerConfigMapper.methods(prefix + ".methods", location.getMethods()))
			.index(location.getIndex())
			.autoindex(location.isAutoindex());
		if (location.getRoot() != null && !ClasspathRoots.isClasspath(location.getRoot())) {
			builder.root(Paths.existingDirectory(prefix + ".root", location.getRoot()));
		}
		if (location.getUploadDir() != null) {
			builder.uploadDir(Paths.directory(prefix + ".upload-dir", location.getUploadDir()));
		}
		if (!location.getCgi().isEmpty() && location.getUploadDir() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".cgi", location.getCgi(),
					"cgi and upload-dir cannot be combined on one location (uploaded files would run as scripts)");
		}
		String root = location.getRoot() != null ? location.getRoot() : serverRoot;
		if (!location.getCgi().isEmpty() && root == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".cgi", location.getCgi(),
					"cgi runs scripts found under the root: set " + prefix + ".root or the server's root");
		}
		if (ClasspathRoots.isClasspath(root) && location.getUploadDir() == null && location.getRedirect() == null
				&& location.getHandler() == null) {
			builder.root(classpathRoot(prefix + ".root", root)); // the core checks the
																	// rest
		}
		cgi(prefix + ".cgi", location.getCgi(), builder);
		builder.cgiPassAuthorization(location.isCgiPassAuthorization());
		if (location.getClientMaxBodySize() != null) {
			builder.clientMaxBodySize(
					ServerConfigMapper.bytes(prefix + ".client-max-body-size", location.getClientMaxBodySize()));
		}
		redirect(prefix + ".redirect", location.getRedirect(), builder);
		builder.compression(LogZipMapper.compression(prefix, location.getCompression()));
		if (location.getHandler() != null) {
			builder.handler(handler(prefix + ".handler", location.getHandler()));
		}
		AccessMapper.location(prefix, location, builder);
		try {
			return builder.build();
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(prefix, path, e.getMessage());
		}
	}

	private ClasspathRoot classpathRoot(String property, String root) {
		try {
			return classpath.root(root);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property, root, e.getMessage());
		}
	}

	private static void cgi(String prefix, Map<String, String> interpreters, Location.Builder builder) {
		for (Map.Entry<String, String> entry : interpreters.entrySet()) {
			String extension = entry.getKey().startsWith(".") ? entry.getKey() : "." + entry.getKey();
			String interpreter = entry.getValue() == null ? "" : entry.getValue().trim();
			String property = prefix + "[" + extension + "]";
			if (extension.length() < 2) {
				throw new InvalidConfigurationPropertyValueException(property, interpreter,
						"needs an extension, e.g. {\"[.py]\": /usr/bin/python3}, or {\"[.cgi]\": \"\"} to run "
								+ "the script itself");
			}
			if (interpreter.isEmpty()) {
				builder.cgi(extension, ""); // the script is its own program (shebang)
				continue;
			}
			String program = interpreter.trim().split("\\s+")[0];
			if (program.contains("/") && !Files.isExecutable(Path.of(program))) {
				throw new InvalidConfigurationPropertyValueException(property, interpreter,
						"interpreter " + program + " does not exist or is not executable");
			}
			if (!program.contains("/") && !onPath(program)) {
				logger.warn(property + ": interpreter '" + program + "' is not on the PATH; its scripts will fail");
			}
			builder.cgi(extension, interpreter);
		}
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		for (String directory : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
				return true;
			}
		}
		return false;
	}

	private static void redirect(String prefix, LocationProperties.Redirect redirect, Location.Builder builder) {
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
