package dev.webserv.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;

/**
 * A core-only server on 127.0.0.1:0 over a copy of the test {@code www/} tree, with an
 * HTTP client and a raw socket for what HttpClient will not send. For the handler, files
 * and cgi tests.
 */
public final class TestSite implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Webserv server;

	private TestSite(Webserv server) {
		this.server = server;
	}

	/**
	 * Copies the test site into {@code directory}/www (scripts executable) and returns
	 * that root.
	 */
	public static Path copyWww(Path directory) {
		try {
			Path source = Path.of(TestSite.class.getResource("/www").toURI());
			Path target = directory.resolve("www");
			try (Stream<Path> files = Files.walk(source)) {
				for (Path file : (Iterable<Path>) files::iterator) {
					Path copy = target.resolve(source.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(copy);
					}
					else {
						Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
						copy.toFile().setExecutable(copy.toString().endsWith(".sh") || copy.toString().endsWith(".py"));
					}
				}
			}
			return target;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Starts a server with one virtual server on 127.0.0.1:0, configured by the caller.
	 */
	public static TestSite start(Consumer<VirtualServer.Builder> server) {
		return start(server, Limits.DEFAULTS, Timeouts.DEFAULTS);
	}

	public static TestSite start(Consumer<VirtualServer.Builder> server, Limits limits, Timeouts timeouts) {
		VirtualServer.Builder builder = VirtualServer.builder().listen("127.0.0.1:0");
		server.accept(builder);
		ServerConfig config = ServerConfig.builder()
			.ioThreads(1)
			.workerThreads(8)
			.limits(limits)
			.timeouts(timeouts)
			.server(builder.build())
			.build();
		Webserv webserv = new Webserv(config);
		try {
			webserv.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new TestSite(webserv);
	}

	public Webserv server() {
		return server;
	}

	public URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
	}

	public HttpRequest.Builder request(String pathAndQuery) {
		return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
	}

	/** A GET with optional header name/value pairs. */
	public HttpResponse<String> get(String pathAndQuery, String... headers) {
		HttpRequest.Builder request = request(pathAndQuery);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.GET().build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		return send(request, HttpResponse.BodyHandlers.ofString());
	}

	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
		try {
			return CLIENT.send(request, body);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Sends raw bytes (Latin-1) and reads until the server closes. */
	public RawResponse raw(String request) {
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return RawResponse.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A GET of a raw request-target, on a connection that closes after it. */
	public RawResponse rawGet(String target) {
		return raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	}

	@Override
	public void close() {
		server.stop();
	}

	/**
	 * A response as read off a socket: status, head text (lower-cased names) and body.
	 */
	public record RawResponse(int status, String head, String body) {

		static RawResponse parse(String text) {
			if (text.isEmpty()) {
				return new RawResponse(-1, "", "");
			}
			int end = text.indexOf("\r\n\r\n");
			String head = end < 0 ? text : text.substring(0, end);
			String body = end < 0 ? "" : text.substring(end + 4);
			return new RawResponse(Integer.parseInt(head.substring(9, 12)), head, body);
		}

		/** The body with its chunked framing removed (trailers are dropped). */
		public String dechunked() {
			StringBuilder out = new StringBuilder();
			int at = 0;
			while (true) {
				int lineEnd = body.indexOf("\r\n", at);
				int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					return out.toString();
				}
				out.append(body, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
		}

		/** A header value, by case-insensitive name, or null. */
		public String header(String name) {
			for (String line : head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0
						&& line.substring(0, colon).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}
	}

}
