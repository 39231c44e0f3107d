package dev.webserv.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw socket client for malformed input, pipelining and timing: it reads exactly what
 * the server sends.
 */
public final class RawClient implements AutoCloseable {

	/** One parsed response. */
	public record RawResponse(int status, String statusLine, Map<String, String> headers, byte[] body) {

		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		public String bodyText() {
			return new String(body, StandardCharsets.UTF_8);
		}
	}

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	public RawClient(int port) throws IOException {
		this(port, 5000);
	}

	public RawClient(int port, int readTimeoutMillis) throws IOException {
		socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(readTimeoutMillis);
		in = socket.getInputStream();
		out = socket.getOutputStream();
	}

	public Socket socket() {
		return socket;
	}

	public RawClient send(String text) throws IOException {
		return send(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	public RawClient send(byte[] bytes) throws IOException {
		out.write(bytes);
		out.flush();
		return this;
	}

	/**
	 * Reads one response; the body by Content-Length or chunked; none for HEAD when
	 * asked.
	 */
	public RawResponse read() throws IOException {
		return read(false);
	}

	public RawResponse read(boolean headRequest) throws IOException {
		String statusLine = readLine();
		if (statusLine == null) {
			throw new IOException("connection closed before a response");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		String line;
		while ((line = readLine()) != null && !line.isEmpty()) {
			int colon = line.indexOf(':');
			headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
					(a, b) -> a + ", " + b);
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		byte[] body;
		if (headRequest || status == 204 || status == 304 || status < 200) {
			body = new byte[0];
		}
		else if (headers.containsKey("content-length")) {
			body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunked();
		}
		else {
			body = in.readAllBytes();
		}
		return new RawResponse(status, statusLine, headers, body);
	}

	private byte[] readChunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			int size = Integer.parseInt(readLine().trim(), 16);
			if (size == 0) {
				while (!readLine().isEmpty()) {
					// trailers
				}
				return body.toByteArray();
			}
			body.write(in.readNBytes(size));
			readLine();
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				int end = line.length();
				return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) b);
		}
		return line.length() == 0 ? null : line.toString();
	}

	/**
	 * Whether the server closed the connection (EOF or reset) within the read timeout,
	 * with no more bytes.
	 */
	public boolean closedByServer() throws IOException {
		try {
			return in.read() == -1;
		}
		catch (SocketTimeoutException e) {
			return false;
		}
		catch (IOException reset) {
			return true;
		}
	}

	/** Everything until the server closes. */
	public String readToEnd() throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	/** Reads from {@code in} until what was read ends with {@code marker}; all of it. */
	public static String readUntil(InputStream in, String marker) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed before " + marker.replace("\n", "\\n") + "; got " + read);
			}
			read.write(b);
			if (read.size() >= marker.length() && read.toString(StandardCharsets.ISO_8859_1).endsWith(marker)) {
				return read.toString(StandardCharsets.ISO_8859_1);
			}
		}
	}

}
