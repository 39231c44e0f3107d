package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.files.FileMapping.Lookup;
import dev.webserv.files.MultipartReader.MalformedException;
import dev.webserv.files.MultipartReader.Part;
import dev.webserv.files.UploadStore.Clash;

/**
 * POST and PUT into an upload directory, served back under the location by an alias
 * {@link FileMapping}, so the URI in Location is where GET, the listing and DELETE find
 * the file.
 *
 * <ul>
 * <li>POST of multipart/form-data: every part with a file name is stored under its
 * sanitized name.</li>
 * <li>POST of any other body: stored under the last path segment when the path names no
 * directory ("POST /uploads/cat.png"), else under a generated name with an extension for
 * its Content-Type.</li>
 * <li>PUT: stored under the last path segment; an existing file is never replaced
 * (409).</li>
 * </ul>
 * A POST whose name is taken gets "name-1", "name-2", ... The directory must exist (404);
 * 201 Created names the first stored file in Location and lists all of them in the body.
 * A full disk or an exhausted quota while writing is 507 Insufficient Storage, with
 * nothing partial left. Blocking: runs on a worker.
 */
public final class Uploads implements Handler {

	private record Destination(int status, Path directory, String name) {

		static Destination refused(int status) {
			return new Destination(status, null, null);
		}
	}

	private final FileMapping files;

	public Uploads(FileMapping files) {
		this.files = files;
	}

	@Override
	public Response handle(Request request) throws IOException {
		boolean put = request.method().equals("PUT");
		Destination destination = destination(request.path(), put);
		if (destination.status() != 0) {
			return Response.error(destination.status());
		}
		try {
			String contentType = request.header("Content-Type");
			String boundary = put ? null : MultipartReader.boundary(contentType);
			if (boundary != null) {
				return multipart(request, destination.directory(), boundary);
			}
			if (!put && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
				return Response.error(Status.BAD_REQUEST); // no usable boundary
			}
			String name = destination.name() != null ? destination.name()
					: FileNames.generated(MimeTypes.extensionFor(contentType));
			Path stored = UploadStore.store(destination.directory(), name, put ? Clash.REFUSE : Clash.RENAME,
					temporary -> UploadStore.fill(temporary, request.body()));
			return created(List.of(stored));
		}
		catch (FileAlreadyExistsException taken) {
			return Response.error(Status.CONFLICT);
		}
		catch (AccessDeniedException denied) {
			return Response.error(Status.FORBIDDEN);
		}
		catch (IOException e) {
			if (StorageFailures.outOfSpace(e)) {
				// the store has already deleted its temporary file
				return Response.error(Status.INSUFFICIENT_STORAGE);
			}
			throw e;
		}
	}

	/**
	 * The directory to store in and the name a raw body asks for (null: generate one), or
	 * a refusal.
	 */
	private Destination destination(String path, boolean put) {
		Lookup here = files.lookup(path);
		if (here.isDirectory()) {
			return put ? Destination.refused(Status.CONFLICT) : new Destination(0, here.file(), null);
		}
		if (here.status() == Status.FORBIDDEN || put && here.found()) {
			return Destination.refused(here.status() == Status.FORBIDDEN ? Status.FORBIDDEN : Status.CONFLICT);
		}
		int slash = path.lastIndexOf('/');
		String name = FileNames.sanitize(path.substring(slash + 1));
		Lookup parent = files.lookup(slash == 0 ? "/" : path.substring(0, slash));
		if (!parent.isDirectory()) {
			return Destination.refused(parent.found() ? Status.CONFLICT : parent.status());
		}
		if (name == null) {
			return put ? Destination.refused(Status.BAD_REQUEST) : new Destination(0, parent.file(), null);
		}
		return new Destination(0, parent.file(), name);
	}

	private Response multipart(Request request, Path directory, String boundary) throws IOException {
		List<Path> stored = new ArrayList<>();
		boolean complete = false;
		try (InputStream in = request.body().stream()) {
			MultipartReader reader = new MultipartReader(in, boundary);
			for (Part part = reader.next(); part != null; part = reader.next()) {
				if (part.filename() == null || part.filename().isEmpty()) {
					reader.transfer(null); // a plain form field, or a file input left
											// empty
					continue;
				}
				String name = FileNames.sanitize(part.filename());
				stored.add(UploadStore.store(directory, name != null ? name : FileNames.generated(".bin"), Clash.RENAME,
						temporary -> transfer(reader, temporary)));
			}
			complete = true;
		}
		catch (MalformedException e) {
			return Response.error(Status.BAD_REQUEST);
		}
		finally {
			if (!complete) {
				for (Path file : stored) {
					Files.deleteIfExists(file); // all or nothing: a broken form stores no
												// part of itself
				}
			}
		}
		return stored.isEmpty() ? Response.error(Status.BAD_REQUEST) : created(stored);
	}

	private static void transfer(MultipartReader reader, Path temporary) throws IOException {
		try (OutputStream out = Files.newOutputStream(temporary)) {
			reader.transfer(out);
		}
	}

	private Response created(List<Path> stored) throws IOException {
		StringBuilder body = new StringBuilder();
		for (Path file : stored) {
			body.append(files.uriOf(file)).append('\n');
		}
		return Response.status(Status.CREATED).header("Location", files.uriOf(stored.get(0))).body(body.toString());
	}

}
