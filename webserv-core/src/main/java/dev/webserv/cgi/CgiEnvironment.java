package dev.webserv.cgi;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.webserv.Request;

/**
 * The meta-variables of RFC 3875 §4.1 for one request, plus the few that common scripts
 * expect (SCRIPT_FILENAME, DOCUMENT_ROOT, REQUEST_URI, and REDIRECT_STATUS, without which
 * php-cgi refuses to run).
 *
 * <p>
 * Request headers become HTTP_* variables (§4.1.18) except: Content-Type and
 * Content-Length, which have their own; Transfer-Encoding, since the script gets the body
 * de-chunked; {@code Proxy}, which as HTTP_PROXY would point the script's HTTP clients at
 * the attacker ("httpoxy"); and names with an underscore or other characters outside
 * letters, digits and '-', which could pose as another header once '-' becomes '_' (nginx
 * drops those too). {@code Authorization} and {@code Proxy-Authorization} are left out
 * unless the location passes them ({@code cgi-pass-authorization}, Apache's CGIPassAuth):
 * RFC 3875 §4.1.18 lets a server withhold them, and a script should not see credentials
 * meant for the server unless asked. Nothing of the server's own environment is passed on
 * except PATH.
 */
final class CgiEnvironment {

	private CgiEnvironment() {
	}

	/**
	 * @param script where the script sits in the request path
	 * @param scriptFile the script's real path
	 * @param translatedPathInfo PATH_INFO mapped onto the document root, or null
	 * @param documentRoot the root the script was found under
	 * @param serverSoftware the Server header value
	 * @param passAuthorization whether Authorization and Proxy-Authorization are passed
	 */
	static Map<String, String> of(Request request, CgiPath script, Path scriptFile, Path translatedPathInfo,
			Path documentRoot, String serverSoftware, boolean passAuthorization) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("GATEWAY_INTERFACE", "CGI/1.1");
		env.put("SERVER_SOFTWARE", serverSoftware == null || serverSoftware.isEmpty() ? "webserv" : serverSoftware);
		env.put("SERVER_NAME", serverName(request));
		env.put("SERVER_PORT", Integer.toString(request.serverPort())); // behind a
																		// trusted proxy:
																		// its port
		env.put("REQUEST_SCHEME", request.scheme());
		if ("https".equals(request.scheme())) {
			env.put("HTTPS", "on");
		}
		env.put("SERVER_PROTOCOL", request.version());
		env.put("REQUEST_METHOD", request.method());
		env.put("REQUEST_URI", request.target());
		env.put("SCRIPT_NAME", script.scriptName());
		env.put("SCRIPT_FILENAME", scriptFile.toString());
		env.put("DOCUMENT_ROOT", documentRoot.toString());
		if (!script.pathInfo().isEmpty()) {
			env.put("PATH_INFO", script.pathInfo());
			if (translatedPathInfo != null) {
				env.put("PATH_TRANSLATED", translatedPathInfo.toString());
			}
		}
		env.put("QUERY_STRING", request.query() == null ? "" : request.query());
		body(request, env);
		remote(request.remoteAddress(), env);
		env.put("REDIRECT_STATUS", "200");
		headers(request, env, passAuthorization);
		String path = System.getenv("PATH");
		env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin:/bin");
		return env;
	}

	private static String serverName(Request request) {
		if (request.host() != null) {
			return request.host();
		}
		return request.localAddress().getAddress().getHostAddress();
	}

	/**
	 * CONTENT_LENGTH is the body as received: a chunked body has been de-chunked and
	 * counted.
	 */
	private static void body(Request request, Map<String, String> env) {
		if (request.head().hasBody() || !request.body().isEmpty()) {
			env.put("CONTENT_LENGTH", Long.toString(request.body().length()));
		}
		String contentType = request.header("Content-Type");
		if (contentType != null) {
			env.put("CONTENT_TYPE", contentType);
		}
	}

	private static void remote(InetSocketAddress remote, Map<String, String> env) {
		String address = remote.getAddress().getHostAddress();
		env.put("REMOTE_ADDR", address);
		env.put("REMOTE_HOST", address); // §4.1.9: the address stands in when no name is
											// looked up
		env.put("REMOTE_PORT", Integer.toString(remote.getPort()));
	}

	private static void headers(Request request, Map<String, String> env, boolean passAuthorization) {
		for (Map.Entry<String, String> field : request.headers()) {
			String name = field.getKey();
			if (!passed(name) || !passAuthorization && isAuthorization(name)) {
				continue;
			}
			String variable = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
			String separator = variable.equals("HTTP_COOKIE") ? "; " : ", ";
			env.merge(variable, field.getValue(), (first, next) -> first + separator + next);
		}
	}

	private static boolean isAuthorization(String name) {
		return name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization");
	}

	private static boolean passed(String name) {
		if (name.equalsIgnoreCase("Proxy") || name.equalsIgnoreCase("Content-Type")
				|| name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
				return false;
			}
		}
		return true;
	}

}
