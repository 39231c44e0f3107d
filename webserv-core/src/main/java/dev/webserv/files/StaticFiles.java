package dev.webserv.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.files.FileCache.Entry;
import dev.webserv.files.FileMapping.Lookup;

/**
 * GET and HEAD of files and directories, as nginx's static module answers them:
 * Content-Type by extension, validators and 304s, a single byte range, the index file of
 * a directory, else its listing, else 403.
 *
 * <p>
 * Meant for the event loop: it only stats and checks access (a small file's bytes are
 * read once on an I/O thread, to be remembered); the connection has the file opened off
 * the loop and sends it zero-copy. The one exception is a listing, which reads a whole
 * directory, so {@link #serve} must run on a worker for a path ending in '/' when
 * autoindex is on; the caller picks the thread by that rule.
 *
 * <p>
 * A file found by its request path is remembered ({@link FileCache}), so a repeated GET
 * costs one stat instead of a path resolution and an access check, its validators and
 * type are formatted once, and a small file (up to {@value FileCache#SMALL_FILE} bytes)
 * is answered from memory rather than opened. The response carries the attributes that
 * stat vouched for, so the server does not look the path up again to send it.
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

	private final FileCache cache;

	/**
	 * @param io where a small file's bytes are read, to be answered from memory after
	 */
	public StaticFiles(FileMapping files, List<String> index, boolean autoindex, Executor io) {
		this.files = files;
		this.cache = new FileCache(CACHED_FILES, io);
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
				: Response.error(Status.FORBIDDEN);
	}

	private Response directory(Request request, Path directory) throws Exception {
		String path = request.path();
		if (!path.endsWith("/")) {
			String query = request.query() == null ? "" : "?" + request.query();
			return Response.redirect(Status.MOVED_PERMANENTLY, UriPaths.encode(path + "/") + query);
		}
		for (String name : index) {
			Lookup candidate = files.lookup(directory.resolve(name));
			if (candidate.isRegularFile()) {
				return file(request, Entry.of(candidate));
			}
		}
		return autoindex ? DirectoryListing.of(files, directory, path, request.method().equals("HEAD"))
				: Response.error(Status.FORBIDDEN);
	}

	private Response file(Request request, Entry found) {
		Path file = found.file();
		if (!found.readable() && !Files.isReadable(file)) {
			return Response.error(Status.FORBIDDEN);
		}
		Validators validators = found.validators();
		Response failed = preconditionFailed(request, validators);
		if (failed != null) {
			return failed;
		}
		long size = found.size();
		String type = found.contentType();
		ByteRange range = range(request, validators, size);
		if (range == ByteRange.UNSATISFIABLE) {
			return unsatisfiable(size);
		}
		if (range != null) {
			return partial(validators, type, range, size).body(file, found.attributes(), range.first(), range.length());
		}
		Response response = Response.status(Status.OK).headers(found.fields());
		return found.content() != null ? response.body(found.content())
				: response.body(file, found.attributes(), 0, size);
	}

	/**
	 * The 304 or 412 a GET or HEAD gets when its preconditions say so (RFC 9110 §13.2.2),
	 * else null.
	 */
	static Response preconditionFailed(Request request, Validators validators) {
		int status = validators.precondition(request);
		if (status == Status.NOT_MODIFIED) {
			return withValidators(Response.status(Status.NOT_MODIFIED), validators);
		}
		return status == 0 ? null : Response.error(status);
	}

	/**
	 * The single range a GET asks for and may still have (If-Range): null for the whole
	 * content, or {@link ByteRange#UNSATISFIABLE}.
	 */
	static ByteRange range(Request request, Validators validators, long size) {
		return request.method().equals("GET") && validators.rangeStillValid(request)
				? ByteRange.parse(request.header("Range"), size) : null;
	}

	static Response unsatisfiable(long size) {
		return Response.error(416)
			.header("Content-Range", ByteRange.unsatisfiedRange(size))
			.header("Accept-Ranges", "bytes");
	}

	/** A 206 for the range, without its body. */
	static Response partial(Validators validators, String type, ByteRange range, long size) {
		return withValidators(Response.status(206), validators).contentType(type)
			.header("Content-Range", range.contentRange(size));
	}

	static Response withValidators(Response response, Validators validators) {
		withValidators(response.headers(), validators);
		return response;
	}

	static Headers withValidators(Headers headers, Validators validators) {
		return headers.add("Last-Modified", validators.lastModified())
			.add("ETag", validators.etag())
			.add("Accept-Ranges", "bytes");
	}

}
