package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a multipart/form-data body (RFC 7578, RFC 2046 §5.1) one part at a time,
 * streaming each part's content to a sink, so a part never has to fit in memory. A part's
 * header block is bounded ({@value #MAX_HEADER_BYTES} bytes, {@value #MAX_HEADER_FIELDS}
 * fields; past them {@link TooLargeException}); anything that does not follow the grammar
 * is a {@link MalformedException}.
 */
final class MultipartReader {

	/** A multipart body that breaks the grammar or a bound. */
	static class MalformedException extends IOException {

		MalformedException(String message) {
			super(message);
		}

	}

	/** A part whose header block is past its bound: the request is refused with 413. */
	static final class TooLargeException extends MalformedException {

		TooLargeException(String message) {
			super(message);
		}

	}

	/**
	 * One part's headers: the form field name and, for a file, the client's file name.
	 */
	record Part(String name, String filename, String contentType) {
	}

	private static final int BUFFER = 16 * 1024;

	/**
	 * A part's header block, as Tomcat's maxPartHeaderSize (512), with room for a long
	 * UTF-8 file name.
	 */
	static final int MAX_HEADER_BYTES = 2 * 1024;

	static final int MAX_HEADER_FIELDS = 32;

	private final InputStream in;

	private final byte[] delimiter;

	private final byte[] buffer;

	private int position;

	private int limit;

	private boolean eof;

	private boolean started;

	private boolean finished;

	MultipartReader(InputStream in, String boundary) {
		this.in = in;
		this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		this.buffer = new byte[BUFFER + delimiter.length];
		// the first delimiter may open the body: a CRLF in front lets one search find
		// every delimiter
		buffer[0] = '\r';
		buffer[1] = '\n';
		limit = 2;
	}

	/** The boundary of a multipart/form-data content type, or null when it is not one. */
	static String boundary(String contentType) {
		if (contentType == null) {
			return null;
		}
		String[] parameters = contentType.split(";");
		if (!parameters[0].trim().equalsIgnoreCase("multipart/form-data")) {
			return null;
		}
		for (int i = 1; i < parameters.length; i++) {
			String parameter = parameters[i].trim();
			if (parameter.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
				String value = unquote(parameter.substring("boundary=".length()).trim());
				return value.isEmpty() || value.length() > 70 ? null : value;
			}
		}
		return null;
	}

	/**
	 * The next part's headers, or null after the closing delimiter. The previous part
	 * must be consumed.
	 */
	Part next() throws IOException {
		if (finished) {
			return null;
		}
		if (!started) {
			started = true;
			transfer(null); // the preamble
		}
		if (closingDelimiter()) {
			finished = true;
			return null;
		}
		return headers();
	}

	/**
	 * Streams the current part's content to the sink (null to skip it), up to the next
	 * delimiter.
	 */
	void transfer(OutputStream sink) throws IOException {
		while (true) {
			int found = indexOf(delimiter, position, limit);
			if (found >= 0) {
				write(sink, found);
				position = found + delimiter.length;
				return;
			}
			write(sink, Math.max(position, limit - delimiter.length + 1));
			if (!fill()) {
				throw new MalformedException("multipart body ends inside a part");
			}
		}
	}

	private void write(OutputStream sink, int end) throws IOException {
		if (sink != null && end > position) {
			sink.write(buffer, position, end - position);
		}
		position = Math.max(position, end);
	}

	/**
	 * After a delimiter: "--" closes the body; otherwise optional padding and CRLF open a
	 * part.
	 */
	private boolean closingDelimiter() throws IOException {
		require(2);
		if (buffer[position] == '-' && buffer[position + 1] == '-') {
			position += 2;
			return true;
		}
		String padding = line();
		if (!padding.isBlank()) {
			throw new MalformedException("text after a multipart delimiter");
		}
		return false;
	}

	private Part headers() throws IOException {
		String name = null;
		String filename = null;
		String contentType = null;
		int bytes = 0;
		for (int fields = 0;; fields++) {
			String line = line();
			bytes += line.length() + 2;
			if (line.isEmpty()) {
				break;
			}
			if (fields == MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES) {
				throw new TooLargeException("multipart part headers too large");
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new MalformedException("multipart header without a colon");
			}
			String field = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			if (field.equalsIgnoreCase("Content-Disposition")) {
				name = parameter(value, "name");
				filename = parameter(value, "filename");
			}
			else if (field.equalsIgnoreCase("Content-Type")) {
				contentType = value;
			}
		}
		if (name == null) {
			throw new MalformedException("multipart part without Content-Disposition name");
		}
		return new Part(name, filename, contentType);
	}

	/** One CRLF-ended line, as UTF-8 (browsers send file names so), without the CRLF. */
	private String line() throws IOException {
		int scanned = 0; // bytes after position already known to hold no CRLF
		while (true) {
			for (int i = position + scanned; i + 1 < limit; i++) {
				if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
					String line = new String(buffer, position, i - position, StandardCharsets.UTF_8);
					position = i + 2;
					return line;
				}
			}
			if (limit - position > MAX_HEADER_BYTES) {
				throw new TooLargeException("multipart header line too long");
			}
			scanned = Math.max(0, limit - position - 1);
			if (!fill()) {
				throw new MalformedException("multipart body ends inside part headers");
			}
		}
	}

	/** A parameter of a Content-Disposition value, quoted or not; null when absent. */
	static String parameter(String disposition, String wanted) {
		int i = disposition.indexOf(';');
		while (i >= 0 && i < disposition.length()) {
			int equals = disposition.indexOf('=', i);
			if (equals < 0) {
				return null;
			}
			String key = disposition.substring(i + 1, equals).trim();
			int end;
			String value;
			if (equals + 1 < disposition.length() && disposition.charAt(equals + 1) == '"') {
				end = closingQuote(disposition, equals + 2);
				value = disposition.substring(equals + 2, end).replace("\\\"", "\"");
				end = disposition.indexOf(';', end);
			}
			else {
				end = disposition.indexOf(';', equals);
				value = disposition.substring(equals + 1, end < 0 ? disposition.length() : end).trim();
			}
			if (key.equalsIgnoreCase(wanted)) {
				return value;
			}
			i = end;
		}
		return null;
	}

	private static int closingQuote(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			if (text.charAt(i) == '"' && text.charAt(i - 1) != '\\') {
				return i;
			}
		}
		return text.length();
	}

	private static String unquote(String value) {
		return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
				? value.substring(1, value.length() - 1) : value;
	}

	private void require(int bytes) throws IOException {
		while (limit - position < bytes) {
			if (!fill()) {
				throw new MalformedException("multipart body ends early");
			}
		}
	}

	/** Moves unread bytes to the front and reads more; false at end of stream. */
	private boolean fill() throws IOException {
		if (eof) {
			return false;
		}
		if (position > 0) {
			System.arraycopy(buffer, position, buffer, 0, limit - position);
			limit -= position;
			position = 0;
		}
		int read = in.read(buffer, limit, buffer.length - limit);
		if (read < 0) {
			eof = true;
			return false;
		}
		limit += read;
		return true;
	}

	private int indexOf(byte[] pattern, int from, int to) {
		outer: for (int i = from; i <= to - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (buffer[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
