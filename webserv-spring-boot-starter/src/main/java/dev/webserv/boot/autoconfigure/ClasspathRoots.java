package dev.webserv.boot.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.config.ClasspathRoot;

/**
 * Roots written {@code classpath:/folder/}: static files served from the application's
 * class path (its jar, once packaged) through the core's {@link ClasspathRoot}, so the
 * application runs the same from any working directory. The core checks a location's root
 * when the configuration is built; a server's root is checked here, where the property is
 * known.
 */
final class ClasspathRoots {

	/** What Boot serves for Tomcat, Jetty and Netty with no configuration. */
	static final String DEFAULT_STATIC = "classpath:/static/";

	private final ClassLoader loader;

	ClasspathRoots(ClassLoader loader) {
		this.loader = loader;
	}

	static boolean isClasspath(String root) {
		return ClasspathRoot.isClasspath(root);
	}

	boolean exists(String root) {
		return root(root).exists();
	}

	/** The core's root for a classpath location, e.g. "classpath:/static/". */
	ClasspathRoot root(String root) {
		return new ClasspathRoot(loader, root);
	}

	/** Checks a server's classpath root: a folder inside the class path that exists. */
	void check(String property, String root) {
		ClasspathRoot checked;
		try {
			checked = root(root);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property, root, e.getMessage());
		}
		if (!checked.exists()) {
			throw new InvalidConfigurationPropertyValueException(property, root,
					"no such folder on the class path (for src/main/resources/static write classpath:/static/)");
		}
	}

	/**
	 * An error page URI under a classpath root, as the core reads it:
	 * "classpath:/static/errors/404.html".
	 */
	static String errorPage(String root, String uri) {
		return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + uri;
	}

}
