package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Memory per connection is bounded: a client that pipelines requests and never reads the
 * answers makes the server stop parsing once its unsent output is past the bound, not
 * buffer every response.
 */
class PipelineBoundTest {

	private static final int REQUESTS = 100_000;

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@ParameterizedTest(name = "{0} handlers")
	@ValueSource(strings = { "classic", "exchange" })
	void aClientThatPipelinesAHundredThousandRequestsAndNeverReadsHoldsUnderOneMebibyte(String kind) throws Exception {
		// each answer its own 16 KiB, as a file read or a rendered page would be
		server = TestServers.start(s -> {
			s.route("GET", "/ok", Handler.nonBlocking(r -> Response.ok("ok")));
			if (kind.equals("classic")) {
				s.route("GET", "/page", Handler.nonBlocking(r -> Response.ok(new byte[16 * 1024], "text/plain")));
			}
			else {
				s.exchange("GET", "/page", e -> {
					e.responseHeaders().set("Content-Length", "16384");
					e.write(ByteBuffer.allocate(16 * 1024));
					e.end();
				});
			}
		}, c -> c.ioThreads(1));
		byte[] flood = "GET /page HTTP/1.1\r\nHost: x\r\n\r\n".repeat(REQUESTS).getBytes(StandardCharsets.US_ASCII);
		try (RawClient warm = new RawClient(server.port())) {
			assertThat(warm.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText()).isEqualTo("ok");
		}
		long heapBefore = Resources.heapAfterGc();

		AtomicLong written = new AtomicLong();
		try (Socket flooder = new Socket()) {
			flooder.setReceiveBufferSize(16 * 1024);
			flooder.connect(new InetSocketAddress("127.0.0.1", server.port()));
			Thread writer = new Thread(() -> write(flooder, flood, written), "flooder");
			writer.start();
			Await.until(Duration.ofSeconds(10), "the flooder's writes done or blocked", () -> {
				long seen = written.get();
				Resources.awaitQuiet(Duration.ofSeconds(10));
				return seen > 0 && written.get() == seen;
			});
			long held = Resources.heapAfterGc() - heapBefore;
			assertThat(held).as("heap held for the flooding client").isLessThan(1 << 20);

			for (int i = 0; i < 5; i++) {
				try (RawClient other = new RawClient(server.port(), 2000)) {
					assertThat(other.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText()).isEqualTo("ok");
				}
			}
			Figures.record("pipelining",
					"heap held for a client pipelining 100,000 requests unread, " + kind + " (bytes)", held);
			flooder.close();
			writer.join(10_000);
		}
		Await.until(Duration.ofSeconds(5), "the flooder's connection gone",
				() -> server.statistics().connections() == 0);
	}

	private static void write(Socket socket, byte[] bytes, AtomicLong written) {
		try {
			OutputStream out = socket.getOutputStream();
			for (int offset = 0; offset < bytes.length; offset += 4096) {
				int length = Math.min(4096, bytes.length - offset);
				out.write(bytes, offset, length);
				written.addAndGet(length);
			}
		}
		catch (IOException closed) {
			// the test closed the socket
		}
	}

}
