package dev.webserv.accesslog;

import static dev.webserv.accesslog.AccessLogTest.awaitLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.testing.TestServers;

/**
 * The access log tells what the client got: the bytes written to the socket, and a 499
 * with the bytes it did get when it leaves halfway through a response.
 */
class AccessLogBytesTest {

	private static final int LARGE = 32 * 1024 * 1024;

	@TempDir
	Path dir;

	@Test
	void bytesSentAreTheBytesTheClientReceived() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(log)) {
			byte[] small = exchange(server, "GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			byte[] refused = exchange(server, "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(new String(refused, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
			String body = "0123456789";
			assertThat(awaitLines(log, 2)).containsExactly("200 " + small.length + " " + body.length() + " 1",
					"400 " + refused.length + " " + (refused.length - headLength(refused)) + " 1");
		}
	}

	@Test
	void aClientThatLeavesHalfwayIsLogged499WithTheBytesItGot() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = start(log)) {
			try (Socket socket = new Socket("127.0.0.1", server.port())) {
				socket.getOutputStream()
					.write("GET /large HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				socket.getInputStream().readNBytes(64 * 1024);
				socket.setSoLinger(true, 0); // a reset: the server's next write fails
			}
			String line = awaitLines(log, 1).get(0);
			String[] fields = line.split(" ");
			assertThat(fields[0]).isEqualTo("499");
			assertThat(Long.parseLong(fields[2])).isPositive().isLessThan(LARGE);
		}
	}

	private Webserv start(Path log) {
		byte[] large = new byte[LARGE];
		return TestServers.start(s -> s.route("GET", "/small", request -> Response.ok("0123456789"))
			.route("GET", "/large", request -> Response.status(200).body(large))
			.accessLog(AccessLog.toFile(log).withFormat("$status $bytes_sent $body_bytes_sent $connection_requests")));
	}

	/** Sends a request and reads everything until the server closes. */
	private static byte[] exchange(Webserv server, String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			return in.readAllBytes();
		}
	}

	private static int headLength(byte[] response) {
		String text = new String(response, StandardCharsets.ISO_8859_1);
		return text.indexOf("\r\n\r\n") + 4;
	}

}
