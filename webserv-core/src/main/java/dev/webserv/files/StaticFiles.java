package dev.webserv.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.files.FileMapping.Lookup;

/**
 * GET and HEAD of files and directories, as nginx's static module answers them: Content-Type by extension,
 * validators and 304s, a single byte range, the index file of a directory, else its listing, else 403.
 *
 * <p>Meant for the event loop: it only stats and checks access; the connection opens the file and sends it
 * zero-copy. The one exception is a listing, which reads a whole directory, so {@link #serve} must run on a
 * worker for a path ending in '/' when autoindex is on; the caller picks the thread by that rule.
 */
public final class StaticFiles {

	private final FileMapping files;
	private final List<String> index;
	private final boolean autoindex;

	public StaticFiles(FileMapping files, List<String> index, boolean autoindex) {
		this.files = files;
		this.index = List.copyOf(index);
		this.autoindex = autoindex;
	}

	/** Whether a request for this path may read a directory, and so must not run on the event loop. */
	public boolean mayList(String path) {
		return autoindex && path.endsWith("/");
	}

	public Response serve(Request request) throws Exception {
		Lookup found = files.lookup(request.path());
		if (!found.found()) {
			return Response.error(found.status());
		}
		return found.isDirectory() ? directory(request, found.file()) : file(request, found);
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
				return file(request, candidate);
			}
		}
		return autoindex ? DirectoryListing.of(files, directory, path) : Response.error(403);
	}

	private Response file(Request request, Lookup found) {
		Path file = found.file();
		// a FIFO or a device would block the loop or never end; an unreadable file is the client's 403
		if (!found.isRegularFile() || !Files.isReadable(file)) {
			return Response.error(403);
		}
		Validators validators = new Validators(found.attributes());
		if (validators.notModified(request)) {
			return withValidators(Response.status(304), validators);
		}
		long size = found.attributes().size();
		String type = MimeTypes.forName(file.getFileName().toString());
		if (request.method().equals("GET") && validators.rangeStillValid(request)) {
			ByteRange range = ByteRange.parse(request.header("Range"), size);
			if (range == ByteRange.UNSATISFIABLE) {
				return Response.error(416).header("Content-Range", ByteRange.unsatisfiedRange(size))
					.header("Accept-Ranges", "bytes");
			}
			if (range != null) {
				return withValidators(Response.status(206), validators).contentType(type)
					.header("Content-Range", range.contentRange(size))
					.body(file, range.first(), range.length());
			}
		}
		return withValidators(Response.status(200), validators).contentType(type).body(file, 0, size);
	}

	private static Response withValidators(Response response, Validators validators) {
		return response.header("Last-Modified", validators.lastModified())
			.header("ETag", validators.etag())
			.header("Accept-Ranges", "bytes");
	}
}
