package dev.webserv.config;

/**
 * A document root inside the class path, written {@code classpath:/static/}: static files
 * served from the application's jar (or classes folder), found through a
 * {@link ClassLoader}, so the server runs the same from any working directory. Such a
 * root serves GET and HEAD only: no listing, no CGI, no uploads (those need a directory
 * on disk), which {@link ServerConfig} checks when it is built.
 *
 * @param loader the class loader whose resources are served
 * @param location the folder as written, e.g. "classpath:/static/" (the scheme and
 * slashes are optional)
 */
public record ClasspathRoot(ClassLoader loader, String location) {

	/** How a class path root is written in configuration. */
	public static final String SCHEME = "classpath:";

	/**
	 * @throws IllegalArgumentException for the class path root itself (it holds classes
	 * and configuration) or a location that climbs out of it
	 */
	public ClasspathRoot {
		if (loader == null || location == null) {
			throw new IllegalArgumentException("a classpath root needs a class loader and a folder");
		}
		resourceFolder(location);
	}

	/** Whether a root written in configuration is a class path one. */
	public static boolean isClasspath(String root) {
		return root != null && root.startsWith(SCHEME);
	}

	/** Whether the loader has this folder. */
	public boolean exists() {
		return loader.getResource(resourceFolder(location)) != null;
	}

	/**
	 * "classpath:/static" and the like as a resource name prefix: "static/".
	 * @throws IllegalArgumentException for the class path root itself or a folder that
	 * climbs out of it
	 */
	public static String resourceFolder(String location) {
		String name = location.startsWith(SCHEME) ? location.substring(SCHEME.length()) : location;
		while (name.startsWith("/")) {
			name = name.substring(1);
		}
		if (!name.isEmpty() && !name.endsWith("/")) {
			name = name + "/";
		}
		if (name.isEmpty() || !inside(name.substring(0, name.length() - 1))) {
			throw new IllegalArgumentException("a classpath root must name a folder inside the class path, such as "
					+ "classpath:/static/ (the class path root holds classes and configuration): " + location);
		}
		return name;
	}

	private static boolean inside(String folder) {
		if (folder.indexOf('\\') >= 0 || folder.indexOf('\0') >= 0 || folder.indexOf(':') >= 0) {
			return false;
		}
		for (String segment : folder.split("/", -1)) {
			if (segment.isEmpty() || segment.startsWith(".")) {
				return false;
			}
		}
		return true;
	}

}
