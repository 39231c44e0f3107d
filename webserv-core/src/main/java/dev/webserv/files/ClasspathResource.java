package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.jar.JarEntry;

/**
 * One class path resource as a static file sees it: a file on disk (an exploded class
 * path, as in an IDE or a test) or a jar entry (a packaged application, Spring Boot's
 * nested jars included, through their {@link JarURLConnection}). Size and modification
 * time come from the file or the jar entry.
 *
 * @param url where the resource is
 * @param file the file on disk, or null for a jar entry
 * @param directory whether it is a directory (entry)
 * @param size its size in bytes; -1 when unknown
 * @param modified its modification time
 */
record ClasspathResource(URL url, Path file, boolean directory, long size, Instant modified) {

	/** The resource at this URL, or null when it cannot be read. */
	static ClasspathResource of(URL url) {
		try {
			if ("file".equals(url.getProtocol())) {
				Path file = Path.of(url.toURI());
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				return new ClasspathResource(url, file, attributes.isDirectory(), attributes.size(),
						attributes.lastModifiedTime().toInstant());
			}
			URLConnection connection = url.openConnection();
			if (connection instanceof JarURLConnection jar) {
				JarEntry entry = jar.getJarEntry();
				if (entry == null) {
					return null;
				}
				Instant modified = entry.getLastModifiedTime() != null ? entry.getLastModifiedTime().toInstant()
						: Instant.ofEpochMilli(Math.max(0, entry.getTime()));
				return new ClasspathResource(url, null, entry.isDirectory(), entry.getSize(), modified);
			}
			return new ClasspathResource(url, null, false, connection.getContentLengthLong(),
					Instant.ofEpochMilli(Math.max(0, connection.getLastModified())));
		}
		catch (IOException | URISyntaxException | RuntimeException unreadable) {
			return null;
		}
	}

	InputStream open() throws IOException {
		return file != null ? Files.newInputStream(file) : url.openStream();
	}

}
