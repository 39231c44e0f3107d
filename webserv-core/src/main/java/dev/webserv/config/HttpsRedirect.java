package dev.webserv.config;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * nginx's {@code return 301 https://$host$request_uri} for a plain listener: every
 * request is sent to the same host and target over HTTPS, on {@code httpsPort} (left out
 * when 443). GET and HEAD get 301; other methods 308, which keeps the method and body.
 * Installed by {@link VirtualServer.Builder#redirectToHttps(int)}.
 */
final class HttpsRedirect implements Handler {

	private final int httpsPort;

	HttpsRedirect(int httpsPort) {
		if (httpsPort < 1 || httpsPort > 65535) {
			throw new InvalidSettingException("redirect-to-https", httpsPort, "must be a port 1-65535");
		}
		this.httpsPort = httpsPort;
	}

	@Override
	public boolean blocking() {
		return false;
	}

	@Override
	public Response handle(Request request) {
		String host = request.host() != null ? request.host() : request.localAddress().getAddress().getHostAddress();
		if (host.indexOf(':') >= 0) {
			host = "[" + host + "]";
		}
		String port = httpsPort == 443 ? "" : ":" + httpsPort;
		String method = request.method();
		int status = method.equals("GET") || method.equals("HEAD") ? 301 : 308;
		return Response.redirect(status, "https://" + host + port + pathAndQuery(request.target()));
	}

	/** The target's path and query, also from an absolute-form target. */
	private static String pathAndQuery(String target) {
		if (target.startsWith("/")) {
			return target;
		}
		int scheme = target.indexOf("://");
		int path = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
		return path < 0 ? "/" : target.substring(path);
	}

}
