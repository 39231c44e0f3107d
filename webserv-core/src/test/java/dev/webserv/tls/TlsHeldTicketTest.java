package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.testing.HeldHandler;
import dev.webserv.testing.TestCa;

/**
 * The TLS 1.3 session ticket the server makes after the client's Finished is held back to
 * leave with the response when the client's request came with its Finished. Held back is
 * not forgotten: when that request is incomplete, so that no response follows, the ticket
 * still leaves at once, and the request, once whole, is answered.
 */
class TlsHeldTicketTest {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	@Test
	void theTicketLeavesAtOnceWhenTheRequestBehindTheFinishedIsIncomplete() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))));
				Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			socket.setSoTimeout(5000);
			SSLEngine client = client(server);
			ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
			handshake(client, socket, in, "GET / HTTP/1.1\r\nHo");

			// no response is due: what comes is the ticket, not held back for one
			ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
			try {
				receive(socket, in);
			}
			catch (SocketTimeoutException held) {
				throw new AssertionError("nothing came for 5 s after the client's Finished", held);
			}
			SSLEngineResult ticket = client.unwrap(in, plain);
			assertThat(ticket.bytesConsumed()).isPositive();
			assertThat(plain.position()).isZero();

			send(client, socket, "st: localhost\r\n\r\n");
			assertThat(readUntil(client, socket, in, plain, "fine")).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void aCloseNotifyBehindTheFinishedIsAnsweredWithTheTicketAndTheServersOwn() throws Exception {
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))));
				Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			socket.setSoTimeout(5000);
			SSLEngine client = client(server);
			ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
			handshake(client, socket, in, null);

			// the ticket (held back for a response that never comes), then close_notify
			ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
			int records = 0;
			while (!client.isInboundDone()) {
				if (in.hasRemaining() && client.unwrap(in, plain).bytesConsumed() > 0) {
					records++;
				}
				else {
					receive(socket, in);
				}
			}
			assertThat(records).as("the ticket and close_notify").isGreaterThanOrEqualTo(2);
			assertThat(plain.position()).isZero();
		}
	}

	@Test
	void theTicketLeavesAheadOfEveryKindOfAnswer(@TempDir Path root) throws Exception {
		byte[] file = new byte[100_000];
		new Random(3).nextBytes(file);
		Files.write(root.resolve("f.bin"), file);
		try (Webserv server = TlsServers.start(s -> s.root(root)
			.location(Location.builder("/").build())
			.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))))) {
			// a file over TLS (no sendfile), then the close an HTTP/1.0 request asks for
			Answer file10 = exchange(server, "GET /f.bin HTTP/1.0\r\nHost: localhost\r\n\r\n", false);
			assertThat(file10.text()).startsWith("HTTP/1.1 200").hasSizeGreaterThan(file.length);
			assertThat(file10.text().substring(file10.text().length() - file.length))
				.isEqualTo(new String(file, StandardCharsets.ISO_8859_1));
			assertThat(file10.closeNotify()).isTrue();
			// refused before any handler: no Host
			Answer refused = exchange(server, "GET / HTTP/1.1\r\n\r\n", false);
			assertThat(refused.text()).startsWith("HTTP/1.1 400");
			assertThat(refused.closeNotify()).isTrue();
			// two pipelined requests
			Answer pipelined = exchange(server,
					"GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
					false);
			assertThat(pipelined.text().split("HTTP/1.1 200", -1)).hasSize(3);
			assertThat(pipelined.closeNotify()).isTrue();
			// the request and the client's close_notify in one segment: answered, then
			// closed
			Answer halfClosed = exchange(server, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", true);
			assertThat(halfClosed.text()).startsWith("HTTP/1.1 200").endsWith("fine");
			assertThat(halfClosed.closeNotify()).isTrue();
			for (Answer answer : List.of(file10, refused, pipelined, halfClosed)) {
				assertThat(answer.records()).as("the ticket and the answer's records").isGreaterThan(1);
			}
		}
	}

	@Test
	void theTicketLeavesWhileAHandlerTakesItsTime() throws Exception {
		HeldHandler held = new HeldHandler("late");
		try (Webserv server = TlsServers.start(s -> s.route("GET", "/", held)); Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			socket.setSoTimeout(5000);
			SSLEngine client = client(server);
			ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
			handshake(client, socket, in, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(held.awaitEntered()).isTrue();

			receive(socket, in); // the ticket, not held for the response
			ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
			assertThat(client.unwrap(in, plain).bytesConsumed()).isPositive();
			assertThat(plain.position()).isZero();
			held.release();
			assertThat(readUntil(client, socket, in, plain, "late")).startsWith("HTTP/1.1 200");
		}
	}

	/** Decrypts into {@code plain} until its text ends with {@code ending}; the text. */
	private static String readUntil(SSLEngine client, Socket socket, ByteBuffer in, ByteBuffer plain, String ending)
			throws IOException {
		String text = "";
		while (!text.endsWith(ending)) {
			if (!in.hasRemaining()) {
				receive(socket, in);
			}
			client.unwrap(in, plain);
			text = new String(plain.array(), 0, plain.position(), StandardCharsets.US_ASCII);
		}
		return text;
	}

	/**
	 * What a client got: the plain text, the records read, whether close_notify ended it.
	 */
	private record Answer(String text, int records, boolean closeNotify) {
	}

	/**
	 * Handshakes with {@code request} behind the Finished (then close_notify, if asked),
	 * and reads until the server's close_notify or its close.
	 */
	private static Answer exchange(Webserv server, String request, boolean thenCloseNotify) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			socket.setSoTimeout(5000);
			SSLEngine client = client(server);
			ByteBuffer in = ByteBuffer.allocate(256 * 1024).flip();
			handshake(client, socket, in, request, thenCloseNotify);
			ByteBuffer plain = ByteBuffer.allocate(256 * 1024);
			int records = 0;
			while (!client.isInboundDone()) {
				if (in.hasRemaining() && client.unwrap(in, plain).bytesConsumed() > 0) {
					records++;
				}
				else if (!receiveOrEnd(socket, in)) {
					break;
				}
			}
			return new Answer(new String(plain.array(), 0, plain.position(), StandardCharsets.ISO_8859_1), records,
					client.isInboundDone());
		}
	}

	private static SSLEngine client(Webserv server) {
		SSLEngine client = TestCa.get().clientContext().createSSLEngine("localhost", server.port());
		client.setUseClientMode(true);
		SSLParameters parameters = client.getSSLParameters();
		parameters.setProtocols(new String[] { "TLSv1.3" });
		client.setSSLParameters(parameters);
		return client;
	}

	/**
	 * Handshakes; the client's last flight carries {@code request} behind it, or its
	 * close_notify when null.
	 */
	private static void handshake(SSLEngine client, Socket socket, ByteBuffer in, String request) throws IOException {
		handshake(client, socket, in, request, false);
	}

	private static void handshake(SSLEngine client, Socket socket, ByteBuffer in, String request,
			boolean thenCloseNotify) throws IOException {
		ByteBuffer out = ByteBuffer.allocate(64 * 1024);
		client.beginHandshake();
		while (true) {
			HandshakeStatus status = client.getHandshakeStatus();
			if (status == HandshakeStatus.NEED_TASK) {
				Runnable task;
				while ((task = client.getDelegatedTask()) != null) {
					task.run();
				}
			}
			else if (status == HandshakeStatus.NEED_WRAP) {
				client.wrap(EMPTY, out);
			}
			else if (status == HandshakeStatus.NEED_UNWRAP) {
				write(socket, out);
				if (client.unwrap(in, ByteBuffer.allocate(64 * 1024))
					.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
					receive(socket, in);
				}
			}
			else {
				if (request == null) {
					client.closeOutbound();
					client.wrap(EMPTY, out);
				}
				else {
					client.wrap(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)), out);
					if (thenCloseNotify) {
						client.closeOutbound();
						client.wrap(EMPTY, out);
					}
				}
				write(socket, out);
				return;
			}
		}
	}

	private static void send(SSLEngine client, Socket socket, String text) throws IOException {
		ByteBuffer out = ByteBuffer.allocate(64 * 1024);
		client.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), out);
		write(socket, out);
	}

	private static void write(Socket socket, ByteBuffer out) throws IOException {
		out.flip();
		socket.getOutputStream().write(out.array(), 0, out.limit());
		out.clear();
	}

	/** Appends what the socket has to {@code in} (read mode); false at its end. */
	private static boolean receiveOrEnd(Socket socket, ByteBuffer in) throws IOException {
		in.compact();
		int read = socket.getInputStream().read(in.array(), in.position(), in.remaining());
		in.flip();
		if (read < 0) {
			return false;
		}
		in.limit(in.limit() + read);
		return true;
	}

	/** Appends what the socket has to {@code in} (read mode); throws at the timeout. */
	private static void receive(Socket socket, ByteBuffer in) throws IOException {
		InputStream stream = socket.getInputStream();
		in.compact();
		int read = stream.read(in.array(), in.position(), in.remaining());
		if (read < 0) {
			throw new IOException("closed by the server");
		}
		in.position(in.position() + read).flip();
	}

}
