package dev.webserv.boot.autoconfigure.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * Real clients for the metrics and Actuator tests: the JDK's HttpClient (no redirects
 * followed), raw sockets for what HttpClient will not send, and polling with a deadline
 * for what the server records after the client has its answer.
 */
public final class TestClient {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private TestClient() {
	}

	public static HttpResponse<String> get(int port, String path, String... headers) {
		HttpRequest.Builder request = request(port, path).GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	public static HttpResponse<String> send(String method, int port, String path, String contentType, String body) {
		HttpRequest.Builder request = request(port, path).method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.build());
	}

	public static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
	}

	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** A raw connection to 127.0.0.1:port, reads time out after 10 s. */
	public static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	/** Writes the bytes and reads until the server closes the connection. */
	public static String exchangeUntilClosed(int port, String raw) throws IOException {
		try (Socket socket = connect(port)) {
			socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return readToEnd(socket.getInputStream());
		}
	}

	public static String readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		return all.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Polls until the condition holds, failing with the description after the deadline.
	 */
	public static void await(String description, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("timed out after 10 s waiting until " + description);
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

}
