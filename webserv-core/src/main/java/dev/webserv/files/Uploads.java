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
import dev.webserv.files.MultipartReader.TooLargeException;
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
 * <li>PUT: stored under the last path segment; an existing file is never replaced (409).
 * Its preconditions are evaluated first (412: "If-None-Match: *" on an existing file, an
 * If-Match that does not hold).</li>
 * </ul>
 * A POST whose name is taken gets "name-1", "name-2", ... (a few numbers after the last
 * one this request used, then a random suffix, so a clash costs the same whatever the
 * directory holds). A form holds at most {@value #MAX_PARTS} parts and
 * {@value #MAX_FILES} files (413 past them); its files are published together once it has
 * been read whole, or not at all. The directory must exist (404); 201 Created names the
 * first stored file in Location and lists all of them in the body. A full disk or an
 * exhausted quota while writing is 507 Insufficient Storage, with nothing partial left.
 * Blocking: runs on a worker.
 */
public final class Uploads implements Handler {

	private record Destination(int status, Path directory, String name) {

		static Destination refused(int status) {
			return new Destination(status, null, null);
		}
	}

	/**
	 * Parts of one multipart request, fields included: past it 413 and nothing stored
	 * (Tomcat's maxPartCount is 50, its maxParameterCount 1000).
	 */
	public static final int MAX_PARTS = 1000;

	/**
	 * Files of one multipart request: past it 413 and nothing stored (Commons
	 * FileUpload's fileCountMax; PHP's max_file_uploads is 20).
	 */
	public static final int MAX_FILES = 100;

	private final FileMapping files;

	public Uploads(FileMapping files) {
		this.files = files;
	}

	@Override
	public Response handle(Request request) throws IOException {
		boolean put = request.method().equals("PUT");
		if (put && !preconditionsHold(request)) {
			return Response.error(Validators.PRECONDITION_FAILED);
		}
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
	 * RFC 9110 §13.2.2 for a PUT, on the file it names if there is one: so
	 * "If-None-Match: *" refuses to overwrite with 412 rather than 409, and If-Match on a
	 * new name fails.
	 */
	private boolean preconditionsHold(Request request) {
		Lookup here = files.lookup(request.path());
		if (here.isDirectory() || here.status() == Status.FORBIDDEN) {
			return true; // answered 409 or 403 whatever the conditions
		}
		return Validators.precondition(request, here.isRegularFile() ? new Validators(here.attributes()) : null) == 0;
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
		// the parent with its slash, as a location written "/uploads/" maps it; without,
		// to tell a file in the way (409) from nothing there (404)
		Lookup parent = files.lookup(path.substring(0, slash + 1));
		if (!parent.found() && slash > 0) {
			Lookup bare = files.lookup(path.substring(0, slash));
			parent = bare.found() ? bare : parent;
		}
		if (!parent.isDirectory()) {
			return Destination.refused(parent.found() ? Status.CONFLICT : parent.status());
		}
		if (name == null) {
			return put ? Destination.refused(Status.BAD_REQUEST) : new Destination(0, parent.file(), null);
		}
		return new Destination(0, parent.file(), name);
	}

	private Response multipart(Request request, Path directory, String boundary) throws IOException {
		List<Path> temporaries = new ArrayList<>();
		List<String> names = new ArrayList<>();
		try (InputStream in = request.body().stream()) {
			MultipartReader reader = new MultipartReader(in, boundary);
			int parts = 0;
			for (Part part = reader.next(); part != null; part = reader.next()) {
				UploadStore.checkNotCancelled();
				if (++parts > MAX_PARTS) {
					return Response.error(Status.CONTENT_TOO_LARGE);
				}
				if (part.filename() == null || part.filename().isEmpty()) {
					reader.transfer(null); // a plain form field, or a file input left
											// empty
					continue;
				}
				if (names.size() == MAX_FILES) {
					return Response.error(Status.CONTENT_TOO_LARGE);
				}
				String name = FileNames.sanitize(part.filename());
				names.add(name != null ? name : FileNames.generated(".bin"));
				temporaries.add(UploadStore.temporary(directory));
				transfer(reader, temporaries.get(temporaries.size() - 1));
			}
			// all or nothing: only a complete form is published, and none of it past a
			// bound
			return names.isEmpty() ? Response.error(Status.BAD_REQUEST)
					: created(UploadStore.publish(directory, temporaries, names));
		}
		catch (TooLargeException e) {
			return Response.error(Status.CONTENT_TOO_LARGE);
		}
		catch (MalformedException e) {
			return Response.error(Status.BAD_REQUEST);
		}
		finally {
			for (Path temporary : temporaries) {
				Files.deleteIfExists(temporary);
			}
		}
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
