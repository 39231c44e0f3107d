package dev.webserv.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.files.FileCache.Entry;
import dev.webserv.files.FileMapping.Lookup;

/**
 * GET and HEAD of files and directories, as nginx's static module answers them:
 * Content-Type by extension, validators and 304s, a single byte range, the index file of
 * a directory, else its listing, else 403.
 *
 * <p>
 * Meant for the event loop: it only stats and checks access (and reads a small file once,
 * to remember it); the connection opens the file and sends it zero-copy. The one
 * exception is a listing, which reads a whole directory, so {@link #serve} must run on a
 * worker for a path ending in '/' when autoindex is on; the caller picks the thread by
 * that rule.
 *
 * <p>
 * A file found by its request path is remembered ({@link FileCache}), so a repeated GET
 * costs one stat and one access check instead of a path resolution, its validators and
 * type are formatted once, and a small file (up to {@value FileCache#SMALL_FILE} bytes)
 * is answered from memory rather than opened.
 */
public final class StaticFiles {

	/**
	 * As nginx's open_file_cache max: enough for a site's hot files, bounded for one that
	 * is crawled.
	 */
	private static final int CACHED_FILES = 1024;

	private final FileMapping files;

	private final List<String> index;

	private final boolean autoindex;

	private final FileCache cache = new FileCache(CACHED_FILES);

	public StaticFiles(FileMapping files, List<String> index, boolean autoindex) {
		this.files = files;
		this.index = List.copyOf(index);
		this.autoindex = autoindex;
	}

	/**
	 * Whether a request for this path may read a directory, and so must not run on the
	 * event loop.
	 */
	public boolean mayList(String path) {
		return autoindex && path.endsWith("/");
	}

	public Response serve(Request request) throws Exception {
		String path = request.path();
		Entry cached = cache.get(path);
		if (cached != null) {
			return file(request, cached);
		}
		Lookup found = files.lookup(path);
		if (!found.found()) {
			return Response.error(found.status());
		}
		if (found.isDirectory()) {
			return directory(request, found.file());
		}
		// a FIFO or a device would block the loop or never end
		return found.isRegularFile() ? file(request, cache.remember(path, files.map(path), found))
				: Response.error(403);
	}

	private Response directory(Request request, Path directory) throws Exception {
		String path = request.path();
		if (!path.endsWith("/")) {
			String query = request.query() == null ? "" : "?" + request.query();
			return Response.redirect(301, UriPaths.encode(path + "/") + query);
		}
		for (String name : index) {
			Lookup candidate = files.lookup(directory.resolve(name));
			if (candidate.isRegularFile()) {
				return file(request, Entry.of(candidate));
			}
		}
		return autoindex ? DirectoryListing.of(files, directory, path) : Response.error(403);
	}

	private Response file(Request request, Entry found) {
		Path file = found.file();
		if (!Files.isReadable(file)) {
			return Response.error(403); // checked each time: a mode change leaves size
										// and time alone
		}
		Validators validators = found.validators();
		if (validators.notModified(request)) {
			return withValidators(Response.status(304), validators);
		}
		long size = found.size();
		String type = found.contentType();
		if (request.method().equals("GET") && validators.rangeStillValid(request)) {
			ByteRange range = ByteRange.parse(request.header("Range"), size);
			if (range == ByteRange.UNSATISFIABLE) {
				return Response.error(416)
					.header("Content-Range", ByteRange.unsatisfiedRange(size))
					.header("Accept-Ranges", "bytes");
			}
			if (range != null) {
				return withValidators(Response.status(206), validators).contentType(type)
					.header("Content-Range", range.contentRange(size))
					.body(file, range.first(), range.length());
			}
		}
		Response response = withValidators(Response.status(200), validators).contentType(type);
		return found.content() != null ? response.body(found.content()) : response.body(file, 0, size);
	}

	private static Response withValidators(Response response, Validators validators) {
		return response.header("Last-Modified", validators.lastModified())
			.header("ETag", validators.etag())
			.header("Accept-Ranges", "bytes");
	}

}
