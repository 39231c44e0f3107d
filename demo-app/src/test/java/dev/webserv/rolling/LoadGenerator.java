package dev.webserv.rolling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of requests through the load balancer, each kind on its own thread:
 * small GETs over kept-alive connections, 8 KB and 48 KB uploads (echoed back and
 * compared), slow requests, and GET /who over a fresh socket each time, whose answer must
 * be that socket's own address and port.
 */
final class LoadGenerator {

	private final int port;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final Set<String> whoClients = ConcurrentHashMap.newKeySet();

	LoadGenerator(int port) {
		this.port = port;
	}

	void start() {
		for (int i = 0; i < 3; i++) {
			loop("hello", () -> expect(get("/api/hello?name=lb"), "{\"message\":\"Hello, lb!\"}"));
		}
		loop("upload 8KB", () -> echo(8 * 1024));
		loop("upload 48KB", () -> echo(48 * 1024));
		loop("slow", () -> expect(get("/api/slow?ms=400"), "{\"sleptMillis\":400}"));
		loop("who", this::who);
	}

	/** Stops the threads; each finishes the request it has under way. */
	void stop() throws InterruptedException {
		running.set(false);
		for (Thread thread : threads) {
			thread.join(30_000);
		}
	}

	List<String> failures() {
		return failures;
	}

	Map<String, AtomicLong> answered() {
		return answered;
	}

	/** The address:port of every socket /who was asked from. */
	Set<String> whoClients() {
		return whoClients;
	}

	private interface Exchange {

		void run() throws Exception;

	}

	private void loop(String kind, Exchange exchange) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				try {
					exchange.run();
					answered.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
				}
				catch (Exception | AssertionError e) {
					failures.add(kind + ": " + e);
				}
			}
		}, "load-" + kind);
		threads.add(thread);
		thread.start();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private void echo(int size) throws Exception {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) ('a' + size % 26));
		HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/api/echo"))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200 || !Arrays.equals(response.body(), body)) {
			throw new AssertionError("echo of " + size + " bytes: status " + response.statusCode() + ", "
					+ response.body().length + " bytes back");
		}
	}

	private void who() throws IOException {
		servedBy();
	}

	/**
	 * GET /who over a fresh socket: the answer must end in this socket's own address and
	 * port; returns the instance that served it.
	 */
	String servedBy() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			String expected = " 127.0.0.1:" + socket.getLocalPort();
			whoClients.add("127.0.0.1:" + socket.getLocalPort());
			int body = response.indexOf("\r\n\r\n");
			if (!response.startsWith("HTTP/1.1 200 ") || body < 0 || !response.endsWith(expected)) {
				throw new AssertionError("who: expected" + expected + " in\n" + response);
			}
			return response.substring(body + 4, response.length() - expected.length());
		}
	}

	private static void expect(HttpResponse<String> response, String body) {
		if (response.statusCode() != 200 || !response.body().equals(body)) {
			throw new AssertionError(
					response.request().uri().getPath() + ": " + response.statusCode() + " " + response.body());
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
