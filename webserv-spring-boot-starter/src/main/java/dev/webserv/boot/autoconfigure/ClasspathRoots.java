package dev.webserv.boot.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.files.ClasspathFiles;

/**
 * Roots written {@code classpath:/folder/}: static files served from the application's
 * class path (its jar, once packaged), through the core's {@link ClasspathFiles}, so the
 * application runs the same from any working directory.
 */
final class ClasspathRoots {

	/** What Boot serves for Tomcat, Jetty and Netty with no configuration. */
	static final String DEFAULT_STATIC = "classpath:/static/";

	private final ClassLoader loader;

	ClasspathRoots(ClassLoader loader) {
		this.loader = loader;
	}

	static boolean isClasspath(String root) {
		return root != null && root.startsWith(ClasspathFiles.SCHEME);
	}

	boolean exists(String root) {
		return ClasspathFiles.exists(loader, root);
	}

	/** The handler serving a classpath root; the folder must exist. */
	ClasspathFiles files(String property, String root, List<String> index) {
		ClasspathFiles files;
		try {
			files = new ClasspathFiles(loader, root, index);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property, root, e.getMessage());
		}
		if (!exists(root)) {
			throw new InvalidConfigurationPropertyValueException(property, root,
					"no such folder on the class path (for src/main/resources/static write classpath:/static/)");
		}
		return files;
	}

	/**
	 * An error page URI under a classpath root, as the core reads it:
	 * "classpath:/static/errors/404.html".
	 */
	static String errorPage(String root, String uri) {
		return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + uri;
	}

}
