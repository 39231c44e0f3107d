package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestCa;

/**
 * A TLS client that reads its response and closes without reading the server's
 * close_notify resets the connection (unread data makes its kernel send RST), mostly
 * while the server lingers. Reading a reset socket makes the JDK throw two exceptions
 * (sun.net.ConnectionResetException, then a SocketException), stack traces and all: the
 * lingering connection must notice the reset and close without reading it.
 */
class TlsLingeringResetTest {

	@Test
	void aClientThatResetsWhileTheServerLingersIsClosedWithoutAnException() throws Exception {
		RecordingEvents events = new RecordingEvents();
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				config -> config.events(events)); Recording recording = new Recording()) {
			recording.enable("jdk.JavaExceptionThrow").withStackTrace();
			recording.start();
			for (int i = 0; i < 3; i++) {
				resetAfterTheResponse(server);
			}
			long since = System.nanoTime();
			Await.until("the three connections closed", () -> events.closed.get() == 3);
			assertThat(Duration.ofNanos(System.nanoTime() - since)).as("before the 2 s lingering deadline")
				.isLessThan(Duration.ofMillis(1500));
			recording.stop();
			Path file = Files.createTempFile("lingering", ".jfr");
			try {
				recording.dump(file);
				List<String> thrown = RecordingFile.readAllEvents(file)
					.stream()
					.filter(TlsLingeringResetTest::inReadSocket)
					.map(event -> event.getClass("thrownClass").getName())
					.toList();
				assertThat(thrown).as("exceptions thrown reading a reset socket").isEmpty();
			}
			finally {
				Files.deleteIfExists(file);
			}
		}
	}

	/** Connection: close, the response read, more bytes sent, then RST. */
	private static void resetAfterTheResponse(Webserv server) throws Exception {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		plain.setSoTimeout(5000);
		SSLSocket socket = (SSLSocket) TestCa.get()
			.clientContext()
			.getSocketFactory()
			.createSocket(plain, "localhost", server.port(), true);
		OutputStream out = socket.getOutputStream();
		out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		StringBuilder response = new StringBuilder();
		byte[] chunk = new byte[1024];
		while (response.indexOf("fine") < 0) {
			int read = in.read(chunk);
			assertThat(read).isPositive();
			response.append(new String(chunk, 0, read, StandardCharsets.US_ASCII));
		}
		out.write("still sending\r\n".getBytes(StandardCharsets.US_ASCII));
		plain.setSoLinger(true, 0);
		plain.close();
	}

	private static boolean inReadSocket(RecordedEvent event) {
		return event.getStackTrace() != null && event.getStackTrace()
			.getFrames()
			.stream()
			.map(RecordedFrame::getMethod)
			.anyMatch(method -> method.getName().equals("readSocket")
					&& method.getType().getName().equals("dev.webserv.connection.Transport"));
	}

}
