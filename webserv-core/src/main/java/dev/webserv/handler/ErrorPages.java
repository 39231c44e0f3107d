package dev.webserv.handler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import dev.webserv.ProblemDetails;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.config.ServerTokens;
import dev.webserv.config.VirtualServer;
import dev.webserv.files.ClasspathFiles;
import dev.webserv.files.FileMapping;
import dev.webserv.files.FileMapping.Lookup;
import dev.webserv.files.MimeTypes;

/**
 * Gives server-made error responses their body: the virtual server's configured page for
 * the status (a file under the server's root, served with the original status), or a
 * small default HTML page naming it. A configured page is looked up as a static file is
 * (symlinks may not lead out of the root, hidden files are not served) but read directly,
 * never routed, so it cannot loop: a page that is missing, unreadable or refused falls
 * back to the default.
 */
public final class ErrorPages {

	private static final String SIGNATURE = ServerTokens.signature(true);

	/**
	 * The default pages of 4xx and 5xx, signed (server tokens on) and not, made once;
	 * never written after.
	 */
	private static final byte[][] DEFAULTS = new byte[200][];

	private static final byte[][] UNSIGNED = new byte[200][];

	static {
		for (int i = 0; i < DEFAULTS.length; i++) {
			DEFAULTS[i] = page(400 + i, true);
			UNSIGNED[i] = page(400 + i, false);
		}
	}

	private ErrorPages() {
	}

	/**
	 * Fills in the body of a {@link Response#error} response; other responses pass
	 * unchanged.
	 */
	public static Response apply(Response response, VirtualServer server) {
		return apply(response, server, null, null);
	}

	/**
	 * As {@link #apply(Response, VirtualServer)}, with an RFC 9457 JSON body instead of
	 * the page when the request's Accept prefers JSON ({@link ProblemDetails#wanted}).
	 * @param accept the request's Accept header, or null
	 * @param path the request path (the problem's instance), or null
	 */
	public static Response apply(Response response, VirtualServer server, String accept, String path) {
		if (!response.errorPageAllowed() || Status.forbidsBody(response.status())) {
			return response;
		}
		if (ProblemDetails.wanted(accept)) {
			return response.contentType(ProblemDetails.MEDIA_TYPE)
				.body(ProblemDetails.body(response.status(), null, path));
		}
		String uri = server == null ? null : server.errorPages().get(response.status());
		Response fromClasspath = uri != null && uri.startsWith(ClasspathFiles.SCHEME)
				? ClasspathFiles.errorPage(uri, response) : null;
		if (fromClasspath != null) {
			return fromClasspath;
		}
		Lookup page = configuredPage(server, response.status());
		if (page == null) {
			boolean signed = server == null || server.serverTokens();
			return response.contentType("text/html; charset=utf-8").body(defaultPage(response.status(), signed));
		}
		String name = page.file().getFileName().toString();
		return response.contentType(MimeTypes.forName(name)).body(page.file(), 0, page.attributes().size());
	}

	private static Lookup configuredPage(VirtualServer server, int status) {
		if (server == null || server.root() == null) {
			return null;
		}
		String uri = server.errorPages().get(status);
		if (uri == null) {
			return null;
		}
		int query = uri.indexOf('?');
		String path = query < 0 ? uri : uri.substring(0, query);
		Lookup page = FileMapping.root(server.root()).lookup(path.startsWith("/") ? path : "/" + path);
		return page.isRegularFile() && Files.isReadable(page.file()) ? page : null;
	}

	/** The default page for a status, signed with webserv's name and version. */
	public static byte[] defaultPage(int status) {
		return defaultPage(status, true);
	}

	/**
	 * The default page for a status; with server tokens off it names neither webserv nor
	 * its version.
	 */
	public static byte[] defaultPage(int status, boolean serverTokens) {
		if (status >= 400 && status < 600) {
			return serverTokens ? DEFAULTS[status - 400] : UNSIGNED[status - 400];
		}
		return page(status, serverTokens);
	}

	private static byte[] page(int status, boolean signed) {
		String title = status + " " + Status.reason(status);
		String footer = signed ? "<hr><p>" + SIGNATURE + "</p>" : "";
		return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n<body><h1>"
				+ title + "</h1>" + footer + "</body></html>\n")
			.getBytes(StandardCharsets.UTF_8);
	}

}
