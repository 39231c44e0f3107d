package dev.webserv.compression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import dev.webserv.Handler;
import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.files.FileMapping;
import dev.webserv.files.FileMapping.Lookup;

/**
 * nginx's {@code gzip_static}, around a location's static-file handler: for a 200 to a
 * GET or HEAD of a file, {@code style.css.br} or {@code style.css.gz} next to
 * {@code style.css} is sent in its place to a client that prefers that coding (br first
 * on a tie), keeping the plain file's type and Last-Modified, its ETag made weak, with
 * {@code Vary: Accept-Encoding} (on the plain file's responses too). The sibling is
 * looked up as any static file is (no way out of the directory, nothing hidden): one more
 * stat. A directory's index file and ranges (206) are sent plain.
 */
public final class PrecompressedFiles implements ResponseFilter {

	/** Where siblings are looked up: a directory on disk, or a class path folder. */
	public interface Siblings {

		/**
		 * Makes the file at {@code path}, when there is one to serve, the response's
		 * body.
		 * @return whether it did
		 */
		boolean serve(String path, Response response) throws IOException;

	}

	private static final String[][] CODINGS = { { "br", ".br" }, { "gzip", ".gz" } };

	private final Siblings siblings;

	public PrecompressedFiles(FileMapping files) {
		this((path, response) -> {
			Lookup sibling = files.lookup(path);
			if (!sibling.isRegularFile() || !Files.isReadable(sibling.file())) {
				return false;
			}
			response.body(sibling.file(), 0, sibling.attributes().size());
			return true;
		});
	}

	public PrecompressedFiles(Siblings siblings) {
		this.siblings = siblings;
	}

	/** The static-file handler with precompressed siblings served. */
	public Handler wrap(Handler staticFiles) {
		return around(staticFiles);
	}

	@Override
	public Response apply(Request request, Response response) {
		boolean getOrHead = request.method().equals("GET") || request.method().equals("HEAD");
		if (response.status() != 200 || !getOrHead || response.bodyKind() == Response.BodyKind.NONE
				|| response.headers().contains("Content-Encoding")) {
			return response;
		}
		Headers headers = response.headers();
		ResponseCompressor.addVary(headers);
		String path = request.path();
		if (path.endsWith("/")) {
			return response;
		}
		AcceptEncoding accepted = AcceptEncoding.parse(request.header("Accept-Encoding"));
		String[] best = null;
		for (String[] coding : CODINGS) {
			if (accepted.prefers(coding[0])
					&& (best == null || accepted.quality(coding[0]) > accepted.quality(best[0]))) {
				if (served(path + coding[1], response)) {
					best = coding;
					headers.set("Content-Encoding", coding[0]);
					headers.remove("Accept-Ranges");
					ResponseCompressor.weakenETag(headers);
				}
			}
		}
		return response;
	}

	private boolean served(String path, Response response) {
		try {
			return siblings.serve(path, response);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
