package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.RequestBody;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * One exchange from head to last byte: its body lives as long as its response, memory
 * comes as bytes do, and the events say what happened on the wire.
 */
class ExchangeLifecycleTest {

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private void start(Consumer<VirtualServer.Builder> routes, Consumer<ServerConfig.Builder> config) {
		server = TestServers.start(
				s -> routes.accept(s.route("GET", "/ok", Handler.nonBlocking(r -> Response.ok("ok")))),
				c -> config.accept(c.ioThreads(1).events(events)));
	}

	private RawClient.RawResponse exchange(String request) throws IOException {
		try (RawClient client = new RawClient(server.port())) {
			return client.send(request).read();
		}
	}

	@Test
	void emptyBodiesAskedForAsFilesNeverShareOne() throws Exception {
		start(s -> s.route("POST", "/file", r -> Response.ok("size " + Files.size(r.body().file()))), c -> {
		});
		for (int i = 0; i < 3; i++) {
			RawClient.RawResponse response = exchange("POST /file HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("size 0");
		}
		java.nio.file.Path one = RequestBody.EMPTY.file();
		java.nio.file.Path two = RequestBody.EMPTY.file();
		assertThat(one).isNotEqualTo(two);
		Files.delete(one);
		Files.delete(two);
	}

	@Test
	void aResponseBuiltFromTheRequestBodysFileIsServed() throws Exception {
		start(s -> s.route("POST", "/echo", r -> Response.status(200).body(r.body().file())), c -> {
		});
		String small = "hello";
		String large = "x".repeat(200_000); // spilled to a temporary file
		for (String body : List.of(small, large)) {
			RawClient.RawResponse response = exchange(
					"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo(body);
		}
	}

	@Test
	void anHttp10ClientIsNeverSent100Continue() throws Exception {
		start(s -> s.route("POST", "/echo", r -> Response.ok(r.body().string())), c -> {
		});
		RawClient.RawResponse response = exchange(
				"POST /echo HTTP/1.0\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("hello");
	}

	@Test
	void aSpillFileWhoseExecutorRefusesItsWriteAnswers500AndTheLoopServesOn() throws Exception {
		ExecutorService refusing = Executors.newSingleThreadExecutor();
		refusing.shutdown();
		start(s -> s.route("POST", "/upload", Handler.nonBlocking(r -> Response.ok("got " + r.body().length()))),
				c -> c.ioExecutor(refusing));
		RawClient.RawResponse response = exchange(
				"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + "x".repeat(200_000));
		assertThat(response.status()).isEqualTo(500);
		assertThat(exchange("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").bodyText()).isEqualTo("ok");
	}

	@Test
	void aDeclaredBodyLengthReservesNoMemoryBeforeTheBytesArrive() throws Exception {
		start(s -> s.route("POST", "/upload", r -> Response.ok("got " + r.body().length())), c -> {
		});
		int connections = 300;
		List<Socket> clients = new ArrayList<>();
		try {
			long before = Resources.heapAfterGc();
			for (int i = 0; i < connections; i++) {
				Socket client = new Socket("127.0.0.1", server.port());
				clients.add(client);
				client.getOutputStream()
					.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\nx".getBytes());
			}
			Await.until(Duration.ofSeconds(10), "every body under way", () -> events.started.get() == connections);
			long perConnection = (Resources.heapAfterGc() - before) / connections;
			assertThat(perConnection).as("heap per connection").isLessThan(16 * 1024);
			Figures.record("exchange", "heap per connection with 60000 bytes declared, 1 sent (bytes)", perConnection);
		}
		finally {
			for (Socket client : clients) {
				client.close();
			}
		}
	}

	@Test
	void aStreamThatBreaksHalfWayIsRecordedWithItsErrorAndTheBytesSent() throws Exception {
		InputStream breaking = new InputStream() {
			private int left = 50_000;

			@Override
			public int read() throws IOException {
				if (left-- <= 0) {
					throw new IOException("the source broke");
				}
				return 'x';
			}
		};
		start(s -> s.route("GET", "/broken", r -> Response.status(200).body(breaking, 100_000)), c -> {
		});
		try (RawClient client = new RawClient(server.port())) {
			String received = client.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd();
			assertThat(received).startsWith("HTTP/1.1 200");
		}
		Await.until(Duration.ofSeconds(5), "a completion", () -> events.completed.size() == 1);
		RequestLog log = events.completed.get(0);
		assertThat(log.status()).isEqualTo(200);
		assertThat(log.error()).isNotNull();
		assertThat(log.bytesSent()).isLessThan(100_000);
	}

	@Test
	void bytesAreToldAsTheyMoveNotOnlyWhenTheConnectionCloses() throws Exception {
		AtomicLong received = new AtomicLong();
		AtomicLong sent = new AtomicLong();
		ServerEvents counting = new ServerEvents() {
			@Override
			public void bytesTransferred(String listener, long in, long out) {
				received.addAndGet(in);
				sent.addAndGet(out);
			}
		};
		server = TestServers.start(s -> s.route("GET", "/ok", Handler.nonBlocking(r -> Response.ok("ok"))),
				c -> c.events(counting));
		try (RawClient client = new RawClient(server.port())) {
			String request = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
			RawClient.RawResponse response = client.send(request).read();
			assertThat(response.bodyText()).isEqualTo("ok");
			Await.until(Duration.ofSeconds(5), "the bytes told while the connection is open",
					() -> received.get() == request.length() && sent.get() > 2);
		}
	}

}
