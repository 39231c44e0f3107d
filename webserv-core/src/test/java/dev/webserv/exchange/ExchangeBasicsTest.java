package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * The asynchronous exchange over real sockets: dispatch at the head, the body by demand,
 * framing of streamed responses (Content-Length, chunked, close-delimited, HEAD), files,
 * routes and the fallback, and the events an exchange reports.
 */
class ExchangeBasicsTest {

	private final HttpClient client = HttpClient.newHttpClient();

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@TempDir
	Path temp;

	@BeforeEach
	void start() throws Exception {
		Path file = Files.writeString(temp.resolve("data.txt"), "0123456789abcdef");
		Files.createDirectories(temp.resolve("static"));
		Files.writeString(temp.resolve("static/index.html"), "static");
		server = TestServers.start(s -> s.root(temp)
			.location(Location.builder("/static/").build())
			.route("GET", "/classic", r -> Response.ok("classic"))
			.exchange("GET", "/hello", exchange -> {
				exchange.write(ByteBuffer.wrap("Hello, ".getBytes(StandardCharsets.UTF_8)));
				exchange.write(ByteBuffer.wrap("World!".getBytes(StandardCharsets.UTF_8)));
				exchange.end();
			})
			.exchange("GET", "/empty", exchange -> exchange.end())
			.exchange("GET", "/length", exchange -> {
				exchange.status(201);
				exchange.responseHeaders().set("Content-Length", "5");
				exchange.write(ByteBuffer.wrap("12345".getBytes(StandardCharsets.UTF_8)));
				exchange.end();
			})
			.exchange("GET", "/no-content", exchange -> {
				exchange.status(204);
				exchange.write(ByteBuffer.wrap("dropped".getBytes(StandardCharsets.UTF_8)));
				exchange.end();
			})
			.exchange("GET", "/file", exchange -> {
				exchange.write(file, 4, 6);
				exchange.end();
			})
			.exchange("POST", "/echo", BodyCollector.then((exchange, body) -> {
				exchange.write(ByteBuffer.wrap(body));
				exchange.end();
			}))
			.exchange("GET", "/users/{id}", exchange -> BodyCollector.answer(exchange, exchange.head().path()))
			.exchange("GET", "/later", exchange -> {
				Thread thread = new Thread(() -> {
					exchange.status(202);
					exchange.write(ByteBuffer.wrap("from a thread ".getBytes(StandardCharsets.UTF_8)));
					exchange.write(ByteBuffer.wrap("of its own".getBytes(StandardCharsets.UTF_8)))
						.thenRun(exchange::end);
				});
				thread.start();
			})
			.exchange("GET", "/boom", exchange -> {
				throw new IllegalStateException("secret detail");
			})
			.fallback(exchange -> BodyCollector.answer(exchange, "fallback " + exchange.head().path())),
				config -> config.events(events));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(TestServers.request(server, path).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void writesAreChunkedWithoutALength() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
			assertThat(response.bodyText()).isEqualTo("Hello, World!");
			raw.send("GET /classic HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("classic"); // kept alive
		}
	}

	@Test
	void anEndWithoutWritesSendsAnEmptyBody() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /empty HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.RawResponse response = raw.read();
			assertThat(response.header("Content-Length")).isEqualTo("0");
			assertThat(response.body()).isEmpty();
		}
	}

	@Test
	void theHandlersContentLengthIsHonoured() throws Exception {
		HttpResponse<String> response = get("/length");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Content-Length")).hasValue("5");
		assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(response.body()).isEqualTo("12345");
	}

	@Test
	void http10GetsACloseDelimitedBody() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /hello HTTP/1.0\r\n\r\n");
			String all = raw.readToEnd();
			assertThat(all).startsWith("HTTP/1.1 200").contains("Connection: close").doesNotContain("chunked");
			assertThat(all).endsWith("\r\n\r\nHello, World!");
		}
	}

	@Test
	void headSendsNoBody() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("HEAD /length HTTP/1.1\r\nHost: x\r\n\r\nGET /classic HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.RawResponse head = raw.read(true);
			assertThat(head.status()).isEqualTo(201);
			assertThat(head.header("Content-Length")).isEqualTo("5");
			assertThat(raw.read().bodyText()).isEqualTo("classic"); // no stray body bytes
		}
	}

	@Test
	void noBodyFor204OrForHeadWhateverIsWritten() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /no-content HTTP/1.1\r\nHost: x\r\n\r\nHEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"
					+ "GET /classic HTTP/1.1\r\nHost: x\r\n\r\n");
			RawClient.RawResponse noContent = raw.read();
			assertThat(noContent.status()).isEqualTo(204);
			assertThat(noContent.header("Content-Length")).isNull();
			assertThat(noContent.header("Transfer-Encoding")).isNull();
			assertThat(raw.read(true).status()).isEqualTo(200);
			assertThat(raw.read().bodyText()).isEqualTo("classic"); // nothing stray in
																	// between
		}
	}

	@Test
	void aFileRegionIsSent() throws Exception {
		assertThat(get("/file").body()).isEqualTo("456789");
	}

	@Test
	void theBodyIsEchoed() throws Exception {
		byte[] body = new byte[300_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) (i * 31);
		}
		HttpResponse<byte[]> response = client.send(
				TestServers.request(server, "/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(body);
	}

	@Test
	void aChunkedBodyIsEchoed() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("hello world");
		}
	}

	@Test
	void routesAndTheFallbackShareTheServerWithLocations() throws Exception {
		assertThat(get("/users/7").body()).isEqualTo("/users/7");
		assertThat(get("/static/index.html").body()).isEqualTo("static");
		HttpResponse<String> other = get("/anything/else");
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.body()).isEqualTo("fallback /anything/else");
	}

	@Test
	void aHandlerThatThrowsBeforeCommittingGetsA500WithoutDetail() throws Exception {
		HttpResponse<String> response = get("/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).doesNotContain("secret detail");
		Await.until("the failure reported", () -> !events.handlerErrors.isEmpty());
	}

	@Test
	void anExchangeReportsItsCompletionWithStatusAndBytes() throws Exception {
		HttpResponse<String> response = get("/length");
		assertThat(response.statusCode()).isEqualTo(201);
		Await.until("the completion event", () -> events.completed.stream()
			.anyMatch(log -> log.status() == 201 && log.bytesSent() > 5 && "/length".equals(log.route())));
	}

	@Test
	void callsFromAnotherThreadHopOntoTheLoop() throws Exception {
		HttpResponse<String> response = get("/later");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("from a thread of its own");
	}

}
