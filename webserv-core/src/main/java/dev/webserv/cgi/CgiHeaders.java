package dev.webserv.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import dev.webserv.Headers;

/**
 * The header section a CGI script writes before its body (RFC 3875 §6.2-6.3), lines ended
 * by LF or CRLF, at most 64 KB; a value holding a control character other than tab is
 * malformed output (502), as nginx refuses such an upstream header. {@code Status},
 * {@code Location} and {@code Content-Length} are read; hop-by-hop fields are dropped,
 * since the server frames the response itself; every other field passes through.
 *
 * @param status the status: Status if given, else 302 for a redirect, else 200
 * @param headers the fields to pass to the client (Location included for a client
 * redirect)
 * @param location the Location value, or null
 * @param contentLength the body length the script announced, or -1
 * @param statusGiven whether the script sent a Status field
 */
record CgiHeaders(int status, Headers headers, String location, long contentLength, boolean statusGiven) {

	/** CGI output that breaks RFC 3875: answered 502. */
	static final class MalformedException extends IOException {

		MalformedException(String message) {
			super(message);
		}

	}

	private static final int MAX_BYTES = 64 * 1024;

	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
			"trailer", "upgrade", "proxy-connection", "status", "content-length");

	/**
	 * A local redirect (§6.2.2): a Location that is a path, with no Status; the server
	 * answers it by serving that path itself.
	 */
	boolean localRedirect() {
		return location != null && location.startsWith("/") && !statusGiven;
	}

	/** Reads the header section, leaving the stream at the first body byte. */
	static CgiHeaders read(InputStream in) throws IOException {
		Headers headers = new Headers();
		int status = -1;
		String location = null;
		long contentLength = -1;
		int[] budget = { MAX_BYTES };
		for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
			int colon = line.indexOf(':');
			if (colon <= 0 || !token(line.substring(0, colon))) {
				throw new MalformedException("CGI header line is not 'Name: value': " + abbreviate(line));
			}
			String name = line.substring(0, colon);
			String value = line.substring(colon + 1).trim();
			if (!fieldValue(value)) {
				throw new MalformedException("CGI header " + name + " has a control character in its value");
			}
			switch (name.toLowerCase(Locale.ROOT)) {
				case "status" -> status = status(value);
				case "location" -> location = value;
				case "content-length" -> contentLength = length(value);
				default -> {
				}
			}
			if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
				headers.add(name, value);
			}
		}
		return complete(status, headers, location, contentLength);
	}

	private static CgiHeaders complete(int status, Headers headers, String location, long contentLength)
			throws MalformedException {
		if (location != null && location.isEmpty()) {
			throw new MalformedException("CGI Location is empty");
		}
		if (location == null && status < 0 && !headers.contains("Content-Type")) {
			throw new MalformedException("CGI output has none of Content-Type, Status and Location");
		}
		int effective = status >= 0 ? status : location != null ? 302 : 200;
		return new CgiHeaders(effective, headers, location, contentLength, status >= 0);
	}

	private static String line(InputStream in, int[] budget) throws IOException {
		StringBuilder line = new StringBuilder(64);
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new MalformedException("CGI output ended inside its headers");
			}
			if (--budget[0] < 0) {
				throw new MalformedException("CGI headers exceed " + MAX_BYTES + " bytes");
			}
			if (b == '\n') {
				int end = line.length();
				return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
			}
			if (b == 0 || line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
				throw new MalformedException("NUL or bare CR in CGI headers");
			}
			line.append((char) b);
		}
	}

	private static int status(String value) throws MalformedException {
		int space = value.indexOf(' ');
		String code = space < 0 ? value : value.substring(0, space);
		if (code.length() != 3 || !code.chars().allMatch(Character::isDigit) || code.charAt(0) < '1'
				|| code.charAt(0) > '5') {
			throw new MalformedException("CGI Status is not a status code: " + abbreviate(value));
		}
		if (code.charAt(0) == '1') { // a script cannot switch protocols or send interim
										// answers
			throw new MalformedException("CGI Status is not a final status: " + abbreviate(value));
		}
		return Integer.parseInt(code);
	}

	private static long length(String value) {
		if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
			return -1; // not trusted: the body is sent chunked instead
		}
		return Long.parseLong(value);
	}

	private static boolean token(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean ok = c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a value may be sent as it is (RFC 9110 §5.5): visible ASCII, space, tab and
	 * obs-text; a control character would make a response clients refuse.
	 */
	private static boolean fieldValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < ' ' && c != '\t' || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static String abbreviate(String text) {
		return text.length() > 80 ? text.substring(0, 80) + "..." : text;
	}
}
