package dev.webserv.handler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.config.VirtualServer;

/**
 * Gives server-made error responses their body: the virtual server's configured page for the status
 * (served with the original status), or a small default HTML page naming it. A configured page that is
 * missing falls back to the default, never to another error page.
 */
public final class ErrorPages {

	private static final byte[][] DEFAULTS = new byte[600][];

	private ErrorPages() {
	}

	/** Fills in the body of a {@link Response#error} response; other responses pass unchanged. */
	public static Response apply(Response response, VirtualServer server) {
		if (!response.errorPageAllowed() || Status.forbidsBody(response.status())) {
			return response;
		}
		Path page = configuredPage(server, response.status());
		response.contentType("text/html; charset=utf-8");
		return page != null ? response.body(page) : response.body(defaultPage(response.status()));
	}

	private static Path configuredPage(VirtualServer server, int status) {
		if (server == null || server.root() == null) {
			return null;
		}
		String uri = server.errorPages().get(status);
		if (uri == null) {
			return null;
		}
		Path root = server.root().toAbsolutePath().normalize();
		Path page = root.resolve(uri.startsWith("/") ? uri.substring(1) : uri).normalize();
		if (!page.startsWith(root) || !Files.isRegularFile(page) || !Files.isReadable(page)) {
			return null;
		}
		return page;
	}

	/** The default page for a status. */
	public static byte[] defaultPage(int status) {
		byte[] page = DEFAULTS[status];
		if (page == null) {
			String title = status + " " + Status.reason(status);
			page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title
					+ "</title></head>\n<body><h1>" + title + "</h1><hr><p>webserv</p></body></html>\n")
				.getBytes(StandardCharsets.UTF_8);
			DEFAULTS[status] = page;
		}
		return page;
	}
}
