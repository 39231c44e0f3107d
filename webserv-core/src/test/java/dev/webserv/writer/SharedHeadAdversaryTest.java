package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestCa;

/**
 * A file response's head waits in the loop's shared buffer while its body is queued
 * (2e29b58). Attacked on one loop: many connections each pipeline file responses, small
 * responses after them, and HEADs, while some read slowly through a small receive buffer
 * (partial writes, so the buffer changes holder between a head and its body) and some
 * leave mid-way; over TLS too, where a connection whose records wait for the socket keeps
 * its next head in the buffer until another claims it. Every byte every reader gets is
 * checked: in order, none lost, none doubled, none of another connection's.
 */
class SharedHeadAdversaryTest {

	private static final int CONNECTIONS = 30;

	/** TLS costs both sides CPU on a shared machine: fewer connections, the same mix */
	private static final int TLS_CONNECTIONS = 5;

	private static final int ROUNDS = 3;

	@TempDir
	Path root;

	private static byte[] pattern(int seed, int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 31 + seed * 97 + (i >>> 11));
		}
		return bytes;
	}

	@ParameterizedTest(name = "tls {0}")
	@ValueSource(booleans = { false, true })
	void everyConnectionGetsExactlyItsOwnBytesInOrder(boolean tls) throws Exception {
		Map<String, byte[]> files = Map.of("a.bin", pattern(1, 300 * 1024), "b.bin", pattern(2, 40 * 1024), "c.bin",
				pattern(3, 3000));
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			Files.write(root.resolve(file.getKey()), file.getValue());
		}
		ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
		VirtualServer.Builder site = VirtualServer.builder().listen(tls ? "127.0.0.1:0 ssl" : "127.0.0.1:0");
		if (tls) {
			site.tls(Tls.of(TestCa.get().serverContext("localhost")));
		}
		site.root(root)
			.location(Location.builder("/").root(root).build())
			.location(Location.builder("/small")
				.handler(Handler.nonBlocking(r -> Response.ok("small " + r.query())))
				.build());
		Webserv server = new Webserv(
				ServerConfig.builder().ioThreads(1).virtualThreads(false).server(site.build()).build());
		server.start();
		try (server) {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < (tls ? TLS_CONNECTIONS : CONNECTIONS); c++) {
				int connection = c;
				done.add(clients.submit(() -> {
					client(server.port(), tls, connection, files);
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(20, TimeUnit.SECONDS);
			}
			// the loop is still sound after all that
			try (RawClient raw = new RawClient(connect(server.port(), tls, false))) {
				raw.send("GET /a.bin HTTP/1.1\r\nHost: a\r\n\r\nGET /small?end HTTP/1.1\r\nHost: a\r\n\r\n");
				assertThat(raw.read().body()).isEqualTo(files.get("a.bin"));
				assertThat(raw.read().bodyText()).isEqualTo("small end");
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	/** A connected socket, TLS or plain; with a small receive buffer when slow. */
	private static Socket connect(int port, boolean tls, boolean slow) throws Exception {
		Socket socket = tls ? TestCa.get().clientContext().getSocketFactory().createSocket() : new Socket();
		if (slow) {
			socket.setReceiveBufferSize(4096);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static void client(int port, boolean tls, int connection, Map<String, byte[]> files) throws Exception {
		boolean slow = connection % 3 == 1;
		boolean leaves = connection % 5 == 4;
		Socket socket = connect(port, tls, slow);
		try (RawClient raw = new RawClient(socket)) {
			StringBuilder requests = new StringBuilder();
			List<String> expected = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				String id = connection + "-" + round;
				for (String path : new String[] { "/a.bin", "/small?" + id, "/c.bin", "HEAD /b.bin", "/b.bin",
						"/small?" + id + "-x" }) {
					String method = path.startsWith("HEAD ") ? "HEAD" : "GET";
					String target = path.startsWith("HEAD ") ? path.substring(5) : path;
					requests.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
					expected.add(path);
				}
			}
			raw.send(requests.toString());
			for (int i = 0; i < expected.size(); i++) {
				if (leaves && i == 2) {
					socket.setSoLinger(true, 0); // a reset while its responses are queued
					return;
				}
				String path = expected.get(i);
				boolean head = path.startsWith("HEAD ");
				if (slow && i % 3 == 0) {
					Thread.sleep(15); // lets the server's writes stall part-way
				}
				RawClient.RawResponse response = raw.read(head);
				String what = "connection " + connection + " response " + i + " (" + path + ")";
				assertThat(response.status()).as(what).isEqualTo(200);
				if (path.startsWith("/small?")) {
					assertThat(response.bodyText()).as(what).isEqualTo("small " + path.substring(7));
				}
				else {
					byte[] file = files.get(path.substring(path.lastIndexOf('/') + 1));
					assertThat(response.header("content-length")).as(what).isEqualTo(String.valueOf(file.length));
					if (!head) {
						assertThat(response.body()).as(what).isEqualTo(file);
					}
				}
			}
			socket.setSoTimeout(200);
			assertThat(raw.closedByServer()).as("connection %d: no byte past its last response", connection).isFalse();
		}
	}

}
