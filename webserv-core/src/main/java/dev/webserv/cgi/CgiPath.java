package dev.webserv.cgi;

import java.util.Collection;

/**
 * Where the script ends in a request path, by the first segment with a CGI extension (RFC
 * 3875 §4.1.5, §4.1.13): in "/cgi-bin/env.py/a/b" the script is "/cgi-bin/env.py" and
 * PATH_INFO is "/a/b". Pure string work, so a location can pick the CGI handler on the
 * event loop.
 *
 * @param scriptName the URI path of the script (SCRIPT_NAME)
 * @param pathInfo what follows it, "" when nothing does (PATH_INFO)
 * @param extension the matched extension, with its dot
 */
public record CgiPath(String scriptName, String pathInfo, String extension) {

	/**
	 * The script in a decoded path, or null when no segment has one of the extensions
	 * (each with its dot).
	 */
	public static CgiPath find(String path, Collection<String> extensions) {
		int start = 1;
		while (start < path.length()) {
			int end = path.indexOf('/', start);
			end = end < 0 ? path.length() : end;
			String extension = match(path, start, end, extensions);
			if (extension != null) {
				return new CgiPath(path.substring(0, end), path.substring(end), extension);
			}
			start = end + 1;
		}
		return null;
	}

	private static String match(String path, int start, int end, Collection<String> extensions) {
		String best = null;
		for (String extension : extensions) {
			boolean fits = end - start > extension.length() && path.startsWith(extension, end - extension.length());
			if (fits && (best == null || extension.length() > best.length())) {
				best = extension;
			}
		}
		return best;
	}

	/** An extension as configured ("py" or ".py") in the dotted form. */
	public static String dotted(String extension) {
		return extension.startsWith(".") ? extension : "." + extension;
	}
}
