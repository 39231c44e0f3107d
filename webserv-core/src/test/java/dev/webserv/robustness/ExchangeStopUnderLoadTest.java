package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * {@code stop()} while 1,000 exchanges are mid-stream (event streams, and uploads whose
 * subscriber holds its demand): every exchange is told (onAbort, the body subscriber's
 * onError), and the descriptors and threads are back to where they were.
 */
class ExchangeStopUnderLoadTest {

	private static final int STREAMS = 500;

	private static final int UPLOADS = 500;

	@Test
	void stopTellsEveryExchangeMidStreamAndLeavesNothing() throws Exception {
		Resources.Snapshot baseline = Resources.snapshot();
		AtomicInteger started = new AtomicInteger();
		AtomicInteger aborted = new AtomicInteger();
		AtomicInteger bodiesTold = new AtomicInteger();
		Webserv server = TestServers.start(s -> s.exchange("GET", "/sse", exchange -> {
			exchange.onAbort(cause -> aborted.incrementAndGet());
			exchange.write(ByteBuffer.wrap("data: x\n\n".getBytes(StandardCharsets.US_ASCII)));
			exchange.flush();
			started.incrementAndGet();
		}).exchange("POST", "/upload", exchange -> {
			exchange.onAbort(cause -> aborted.incrementAndGet());
			BodyCollector collector = new BodyCollector(1);
			exchange.requestBody().subscribe(collector);
			collector.body().whenComplete((body, error) -> bodiesTold.incrementAndGet());
			started.incrementAndGet();
		}), c -> c.ioThreads(2));
		List<Socket> clients = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS + UPLOADS; i++) {
				Socket client = new Socket();
				client.connect(new InetSocketAddress("127.0.0.1", server.port()));
				client.setSoTimeout(10_000);
				String request = i < STREAMS ? "GET /sse HTTP/1.1\r\nHost: x\r\n\r\n"
						: "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + "u".repeat(1000);
				client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
				clients.add(client);
			}
			Await.until(Duration.ofSeconds(30), "every exchange is under way",
					() -> started.get() == STREAMS + UPLOADS);
			for (int i = 0; i < STREAMS; i++) {
				RawClient.readUntil(clients.get(i).getInputStream(), "data: x\n\n");
			}
			server.stop();
			Await.until(Duration.ofSeconds(10), "every exchange is told", aborted::get,
					told -> told == STREAMS + UPLOADS);
			Await.until(Duration.ofSeconds(10), "every upload's subscriber is told", bodiesTold::get,
					told -> told == UPLOADS);
			for (Socket client : clients) {
				InputStream in = client.getInputStream();
				try {
					while (in.read() >= 0) {
						// what was sent before the close
					}
				}
				catch (java.net.SocketException reset) {
					// closed with unread input: a reset
				}
			}
			assertThat(server.statistics().connections()).isZero();
		}
		finally {
			server.stop();
			for (Socket client : clients) {
				client.close();
			}
		}
		assertThat(Resources.awaitBaseline(baseline, Duration.ofSeconds(10))).isZero();
	}

}
