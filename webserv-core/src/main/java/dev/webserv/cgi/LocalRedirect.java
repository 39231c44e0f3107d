package dev.webserv.cgi;

import dev.webserv.Request;
import dev.webserv.Response;

/**
 * Serves a CGI local redirect (RFC 3875 §6.2.2): the response the server would give to a
 * GET of that path, produced inside the server, never seen by the client as a redirect.
 */
@FunctionalInterface
public interface LocalRedirect {

	/** A server that does not follow local redirects answers them with this. */
	LocalRedirect REFUSED = (request, location) -> Response.error(502);

	/**
	 * @param request the request the script answered
	 * @param location the path (and query) the script named
	 */
	Response follow(Request request, String location) throws Exception;

}
