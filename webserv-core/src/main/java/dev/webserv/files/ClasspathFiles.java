package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.config.ClasspathRoot;

/**
 * A class path folder served as a document root, the way Spring Boot serves
 * {@code classpath:/static/}: GET and HEAD with Content-Type by extension, Last-Modified
 * and ETag from the file or jar entry, 304s, a single byte range, the index file of a
 * directory. Never a listing (a jar's folders are not browsable), never a hidden file,
 * and never anything outside the folder: a path with a dot segment, an empty segment or a
 * backslash is answered 404 before the class loader sees it.
 *
 * <p>
 * A blocking handler: reading a jar entry may inflate it, so it runs on a worker. The
 * resources are found through a {@link ClassLoader}, so a jar runs the same from any
 * working directory.
 */
public final class ClasspathFiles implements Handler {

	/** How a class path root is written in configuration. */
	public static final String SCHEME = ClasspathRoot.SCHEME;

	private final ClassLoader loader;

	private final String folder;

	private final List<String> index;

	/**
	 * @param location the folder, e.g. "classpath:/static/" (the scheme and slashes are
	 * optional)
	 * @param index index file names tried in order for a path ending in '/'
	 * @throws IllegalArgumentException for the class path root itself (it holds classes
	 * and configuration) or a location that climbs out of it
	 */
	public ClasspathFiles(ClassLoader loader, String location, List<String> index) {
		this.loader = loader;
		this.folder = folder(location);
		this.index = List.copyOf(index);
	}

	/** Whether a location (see the constructor) names a folder this loader has. */
	public static boolean exists(ClassLoader loader, String location) {
		return loader.getResource(folder(location)) != null;
	}

	/** "classpath:/static" and the like as a resource name prefix: "static/". */
	static String folder(String location) {
		return ClasspathRoot.resourceFolder(location);
	}

	@Override
	public Response handle(Request request) throws Exception {
		if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
			return Response.error(405).header("Allow", "GET, HEAD, OPTIONS");
		}
		String path = request.path();
		if (!path.startsWith("/") || !safe(path.substring(1))) {
			return Response.error(404);
		}
		if (path.endsWith("/")) {
			for (String name : index) {
				ClasspathResource page = find(path.substring(1) + name);
				if (page != null && !page.directory()) {
					return file(request, page);
				}
			}
			return Response.error(path.length() > 1 && find(path.substring(1, path.length() - 1)) != null ? 403 : 404);
		}
		ClasspathResource found = find(path.substring(1));
		if (found == null) {
			return Response.error(404);
		}
		if (found.directory()) {
			String query = request.query() == null ? "" : "?" + request.query();
			return Response.redirect(301, UriPaths.encode(path + "/") + query);
		}
		return file(request, found);
	}

	/**
	 * Makes the resource at {@code path} (a request path, checked as any is) the body of
	 * {@code response}, closing the stream it had, when there is such a file: how a
	 * precompressed sibling ({@code style.css.gz}) is served.
	 * @return whether it did
	 */
	public boolean serveInstead(String path, Response response) throws IOException {
		if (!path.startsWith("/") || !safe(path.substring(1))) {
			return false;
		}
		ClasspathResource found = find(path.substring(1));
		if (found == null || found.directory()) {
			return false;
		}
		InputStream replaced = response.stream();
		if (found.file() != null) {
			response.body(found.file(), 0, found.size());
		}
		else {
			response.body(found.open(), found.size());
		}
		if (replaced != null) {
			replaced.close();
		}
		return true;
	}

	private ClasspathResource find(String relative) {
		URL url = loader.getResource(folder + relative);
		return url == null ? null : ClasspathResource.of(url);
	}

	/**
	 * Whether a relative resource path stays inside the folder: no empty, "." or ".."
	 * segment, no hidden name, no backslash, colon or NUL.
	 */
	private static boolean safe(String relative) {
		if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0 || relative.indexOf(':') >= 0) {
			return false;
		}
		String trimmed = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
		if (trimmed.isEmpty()) {
			return true;
		}
		for (String segment : trimmed.split("/", -1)) {
			if (segment.isEmpty() || segment.startsWith(".")) {
				return false;
			}
		}
		return true;
	}

	private Response file(Request request, ClasspathResource resource) throws Exception {
		long size = resource.size();
		String type = MimeTypes
			.forName(resource.url().getPath().substring(resource.url().getPath().lastIndexOf('/') + 1));
		if (size < 0) {
			return Response.status(200).contentType(type).body(resource.open(), -1);
		}
		Validators validators = new Validators(resource.modified(), size);
		Response failed = StaticFiles.preconditionFailed(request, validators);
		if (failed != null) {
			return failed;
		}
		ByteRange range = StaticFiles.range(request, validators, size);
		if (range == ByteRange.UNSATISFIABLE) {
			return StaticFiles.unsatisfiable(size);
		}
		if (range != null) {
			return body(StaticFiles.partial(validators, type, range, size), resource, range.first(), range.length());
		}
		return body(StaticFiles.withValidators(Response.status(200), validators).contentType(type), resource, 0, size);
	}

	/** A file on disk goes zero-copy; a jar entry is streamed, skipping to the range. */
	private static Response body(Response response, ClasspathResource resource, long first, long length)
			throws Exception {
		if (resource.file() != null) {
			return response.body(resource.file(), first, length);
		}
		InputStream stream = resource.open();
		try {
			stream.skipNBytes(first);
		}
		catch (Exception e) {
			stream.close();
			throw e;
		}
		return response.body(stream, length);
	}

	/**
	 * An error page read from the class path ("classpath:/static/errors/404.html", found
	 * by the loader of webserv's own classes): the response with the page as its body, or
	 * null when there is no such page. Opens the entry only; the body is streamed off the
	 * event loop.
	 */
	public static Response errorPage(String uri, Response response) {
		String name;
		try {
			name = folder(uri);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
		URL url = ClasspathFiles.class.getClassLoader().getResource(name.substring(0, name.length() - 1));
		ClasspathResource page = url == null ? null : ClasspathResource.of(url);
		if (page == null || page.directory() || page.size() < 0) {
			return null;
		}
		try {
			return response
				.contentType(MimeTypes
					.forName(name.substring(name.lastIndexOf('/', name.length() - 2) + 1, name.length() - 1)))
				.body(page.open(), page.size());
		}
		catch (java.io.IOException e) {
			return null;
		}
	}

}
