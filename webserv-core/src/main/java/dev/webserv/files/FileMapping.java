package dev.webserv.files;

import dev.webserv.Status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Maps request paths onto one directory and refuses whatever would leave it. Two modes,
 * as nginx has them: {@link #root} appends the whole request path to the directory,
 * {@link #alias} puts the directory in place of the location prefix (how an upload
 * directory is served back under its location).
 *
 * <p>
 * The request path is already decoded and free of dot-segments, backslashes and NULs (the
 * parser refuses them), so the lexical mapping cannot climb. Symlinks can: every lookup
 * resolves the real path and insists it lies inside the directory's real path (403
 * otherwise). Hidden names, any segment starting with a dot (".git", ".env", ".htpasswd",
 * upload temporaries), are never served: 404, except "/.well-known/" (RFC 8615).
 */
public final class FileMapping {

	/**
	 * The outcome of a lookup: a real path and its attributes, or the status that refuses
	 * it.
	 */
	public record Lookup(int status, Path file, BasicFileAttributes attributes) {

		static Lookup refused(int status) {
			return new Lookup(status, null, null);
		}

		public boolean found() {
			return status == 0;
		}

		public boolean isDirectory() {
			return found() && attributes.isDirectory();
		}

		public boolean isRegularFile() {
			return found() && attributes.isRegularFile();
		}
	}

	private static final String WELL_KNOWN = ".well-known";

	private final Path base;

	private final String prefix;

	private volatile Path realBase;

	private FileMapping(Path base, String prefix) {
		this.base = base.toAbsolutePath().normalize();
		this.prefix = prefix;
	}

	/** nginx's {@code root}: "/a/b" is {@code directory/a/b}. */
	public static FileMapping root(Path directory) {
		return new FileMapping(directory, "");
	}

	/** nginx's {@code alias}: under location "/up", "/up/a" is {@code directory/a}. */
	public static FileMapping alias(String locationPath, Path directory) {
		return new FileMapping(directory, locationPath);
	}

	public Path base() {
		return base;
	}

	/**
	 * The file a request path names, without touching the file system; null if it names
	 * nothing here.
	 */
	public Path map(String requestPath) {
		String relative = relative(requestPath);
		if (relative == null || hidden(relative)) {
			return null;
		}
		try {
			return relative.isEmpty() ? base : base.resolve(relative);
		}
		catch (InvalidPathException e) {
			return null;
		}
	}

	/**
	 * The request path without its prefix and leading slash, or null when the prefix does
	 * not own it.
	 */
	private String relative(String requestPath) {
		if (!requestPath.startsWith(prefix)) {
			return null;
		}
		String rest = requestPath.substring(prefix.length());
		if (!prefix.endsWith("/") && !rest.isEmpty() && rest.charAt(0) != '/') {
			return null; // "/uploadsX" is not under alias "/uploads"
		}
		int start = 0;
		while (start < rest.length() && rest.charAt(start) == '/') {
			start++;
		}
		return rest.substring(start);
	}

	private static boolean hidden(String relative) {
		int start = 0;
		while (start < relative.length()) {
			int end = relative.indexOf('/', start);
			end = end < 0 ? relative.length() : end;
			boolean wellKnown = start == 0 && relative.startsWith(WELL_KNOWN) && end == WELL_KNOWN.length();
			if (end > start && relative.charAt(start) == '.' && !wellKnown) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	/**
	 * Resolves a request path to a real file inside the directory, or to 404 / 403. Only
	 * stats. A path that ends in '/' names a directory: a file there is 404, as the file
	 * system says for "file.txt/".
	 */
	public Lookup lookup(String requestPath) {
		Path mapped = map(requestPath);
		Lookup found = mapped == null ? Lookup.refused(Status.NOT_FOUND) : lookup(mapped);
		return found.found() && !found.isDirectory() && requestPath.endsWith("/") ? Lookup.refused(Status.NOT_FOUND)
				: found;
	}

	/** Resolves a mapped path (symlinks included) and checks it stays inside. */
	public Lookup lookup(Path mapped) {
		try {
			Path real = mapped.toRealPath();
			Path inside = realBase();
			if (!real.startsWith(inside)) {
				return Lookup.refused(Status.FORBIDDEN);
			}
			if (hidden(relative(inside, real))) {
				return Lookup.refused(Status.NOT_FOUND);
			}
			return new Lookup(0, real, Files.readAttributes(real, BasicFileAttributes.class));
		}
		catch (AccessDeniedException e) {
			return Lookup.refused(Status.FORBIDDEN);
		}
		catch (IOException | SecurityException e) {
			// missing, a file used as a directory, a name too long, a symlink loop:
			// nothing to serve
			return Lookup.refused(Status.NOT_FOUND);
		}
	}

	/** The path of a file below a directory, with '/' between names. */
	private static String relative(Path directory, Path file) {
		return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
	}

	private Path realBase() throws IOException {
		Path known = realBase;
		if (known == null) {
			known = base.toRealPath();
			realBase = known;
		}
		return known;
	}

	/**
	 * The encoded URI path of a real file inside the directory: the inverse of
	 * {@link #map}.
	 */
	public String uriOf(Path real) throws IOException {
		String relative = relative(realBase(), real);
		String head = prefix.isEmpty() ? "/" : prefix.endsWith("/") ? prefix : prefix + "/";
		return UriPaths.encode(head + relative);
	}

}
