package dev.webserv.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.files.FileMapping.Lookup;

/**
 * DELETE of one file: 204 when removed, 404 when missing (or hidden), 403 for a
 * directory, for anything a symlink leads out of the directory, and where the file system
 * refuses; 412 when If-Match, If-Unmodified-Since or If-None-Match do not hold for the
 * file (RFC 9110 §13.2.2). A symlink is removed itself, never the file it points to.
 * Blocking: runs on a worker.
 */
public final class Deletes implements Handler {

	private final FileMapping files;

	public Deletes(FileMapping files) {
		this.files = files;
	}

	@Override
	public Response handle(Request request) throws IOException {
		Lookup target = files.lookup(request.path());
		if (!target.found()) {
			return Response.error(target.status());
		}
		if (target.isDirectory()) {
			return Response.error(Status.FORBIDDEN);
		}
		if (Validators.precondition(request, new Validators(target.attributes())) != 0) {
			return Response.error(Validators.PRECONDITION_FAILED); // If-Match: a lost
																	// update
		}
		Path mapped = files.map(request.path());
		Lookup parent = files.lookup(mapped.getParent());
		if (!parent.isDirectory()) {
			return Response.error(Status.FORBIDDEN);
		}
		try {
			Files.delete(parent.file().resolve(mapped.getFileName()));
			return Response.noContent();
		}
		catch (NoSuchFileException gone) {
			return Response.error(Status.NOT_FOUND);
		}
		catch (AccessDeniedException denied) {
			return Response.error(Status.FORBIDDEN);
		}
	}

}
