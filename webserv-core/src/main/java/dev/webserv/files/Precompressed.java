package dev.webserv.files;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.compression.AcceptEncoding;
import dev.webserv.files.FileMapping.Lookup;

/**
 * nginx's {@code gzip_static}: {@code style.css.br} or {@code style.css.gz} next to
 * {@code style.css}, sent in its place to a client that prefers that coding, with the
 * plain file's type and validators (the ETag made weak, since the bytes differ) and
 * {@code Vary: Accept-Encoding}. The sibling is looked up as any static file is (no way
 * out of the directory, nothing hidden), so it costs one more stat on the event loop.
 */
final class Precompressed {

	private static final String[][] CODINGS = { { "br", ".br" }, { "gzip", ".gz" } };

	private final FileMapping files;

	Precompressed(FileMapping files) {
		this.files = files;
	}

	/**
	 * The precompressed response for a whole-file GET or HEAD, or null to send the plain
	 * file.
	 */
	Response find(Request request, Path file, Validators validators, String type) {
		AcceptEncoding accepted = AcceptEncoding.parse(request.header("Accept-Encoding"));
		String[] best = null;
		for (String[] coding : CODINGS) {
			if (accepted.prefers(coding[0])
					&& (best == null || accepted.quality(coding[0]) > accepted.quality(best[0]))) {
				Lookup sibling = files.lookup(file.resolveSibling(file.getFileName() + coding[1]));
				if (sibling.isRegularFile() && Files.isReadable(sibling.file())) {
					return Response.status(200)
						.contentType(type)
						.header("Content-Encoding", coding[0])
						.header("Vary", "Accept-Encoding")
						.header("Last-Modified", validators.lastModified())
						.header("ETag", "W/" + validators.etag())
						.body(sibling.file(), 0, sibling.attributes().size());
				}
			}
		}
		return null;
	}

}
