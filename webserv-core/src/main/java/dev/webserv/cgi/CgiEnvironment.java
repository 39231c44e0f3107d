package dev.webserv.cgi;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.webserv.Request;
import dev.webserv.TlsInfo;

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
 * except PATH. Over TLS a script sees HTTPS=on and mod_ssl's SSL_* variables (protocol,
 * cipher, SNI name, and the verified client certificate: SSL_CLIENT_VERIFY,
 * SSL_CLIENT_S_DN, SSL_CLIENT_I_DN, SSL_CLIENT_M_SERIAL, SSL_CLIENT_V_START/END,
 * SSL_CLIENT_CERT).
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
		tls(request.tls(), env);
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

	/**
	 * Over TLS: HTTPS=on and mod_ssl's SSL_* variables, the client certificate's among
	 * them when one was verified.
	 */
	private static void tls(TlsInfo tls, Map<String, String> env) {
		if (tls == null) {
			return;
		}
		env.put("HTTPS", "on");
		env.put("SSL_PROTOCOL", tls.protocol());
		env.put("SSL_CIPHER", tls.cipherSuite());
		if (tls.serverName() != null) {
			env.put("SSL_TLS_SNI", tls.serverName());
		}
		X509Certificate client = tls.clientCertificate();
		env.put("SSL_CLIENT_VERIFY", client != null ? "SUCCESS" : "NONE");
		if (client == null) {
			return;
		}
		env.put("SSL_CLIENT_S_DN", client.getSubjectX500Principal().getName());
		env.put("SSL_CLIENT_I_DN", client.getIssuerX500Principal().getName());
		env.put("SSL_CLIENT_M_SERIAL", client.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
		env.put("SSL_CLIENT_V_START", client.getNotBefore().toInstant().toString());
		env.put("SSL_CLIENT_V_END", client.getNotAfter().toInstant().toString());
		try {
			String pem = "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(client.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
			env.put("SSL_CLIENT_CERT", pem);
		}
		catch (CertificateEncodingException e) {
			// the other variables still say who the client is
		}
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
