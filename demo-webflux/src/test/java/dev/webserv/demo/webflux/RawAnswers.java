package dev.webserv.demo.webflux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads answers with a Content-Length off a raw socket, one at a time. */
final class RawAnswers {

	private RawAnswers() {
	}

	/** The head and body of the next answer, or null when the server closed first. */
	static String next(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		try {
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b == -1) {
					return null;
				}
				head.write(b);
			}
		}
		catch (SocketException reset) {
			return null;
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		int length = contentLength(text);
		return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		throw new IllegalStateException("no Content-Length in " + head);
	}

}
