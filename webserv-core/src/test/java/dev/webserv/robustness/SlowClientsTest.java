package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.Timeouts;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * Slowloris and slow readers by the thousand: while they are held, a normal client is
 * served promptly; the configured timeouts close every one of them; the heap stays
 * bounded; and past max-connections the server keeps serving what it holds, sheds the
 * rest with a 503, and recovers.
 */
class SlowClientsTest {

	private static final int SLOWLORIS = Integer.getInteger("robustness.slowloris", 1000);

	private static final int SLOW_READERS = Integer.getInteger("robustness.slowReaders", 200);

	private static final long BIG_FILE = 256L << 20;

	private static final Duration PROMPT = Duration.ofSeconds(1);

	@TempDir
	Path temp;

	private final RecordingEvents events = new RecordingEvents();

	private final List<Socket> clients = Collections.synchronizedList(new ArrayList<>());

	private Webserv server;

	@AfterEach
	void stop() {
		clients.forEach(SlowClientsTest::closeQuietly);
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void aThousandSlowlorisAndTwoHundredSlowReadersDoNotStopANormalClient() throws Exception {
		Path big = temp.resolve("big.bin");
		try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
			file.setLength(BIG_FILE); // sparse
		}
		Timeouts timeouts = Timeouts.DEFAULTS.withHeader(Duration.ofSeconds(6))
			.withIdle(Duration.ofSeconds(6))
			.withWrite(Duration.ofSeconds(5))
			.withMinWriteRate(0);
		server = TestServers.start(
				s -> s.route("GET", "/hello", Handler.nonBlocking(r -> Response.ok("hi")))
					.route("GET", "/big", Handler.nonBlocking(r -> Response.status(200).body(big))),
				c -> c.timeouts(timeouts).events(events).limits(Limits.DEFAULTS.withBacklog(4096)));
		long heapBefore = Resources.heapAfterGc();

		AtomicBoolean dripping = new AtomicBoolean(true);
		List<Socket> loris = openSlowloris(SLOWLORIS);
		Thread drip = new Thread(() -> drip(loris, dripping), "slowloris-drip");
		drip.start();
		List<Socket> readers = openSlowReaders(SLOW_READERS);
		int held = SLOWLORIS + SLOW_READERS;
		Await.until(Duration.ofSeconds(3), "every slow client held", () -> server.statistics().connections(),
				n -> n >= held);
		// the slow readers' first burst fills 200 socket buffers (about a gigabyte of
		// copying); once they
		// are full, holding them costs nothing, which is the state a normal client should
		// be served in
		Resources.awaitQuiet(Duration.ofSeconds(10));
		long heapHeld = Resources.heapAfterGc();

		long slowest = 0;
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long start = System.nanoTime();
			try (RawClient normal = new RawClient(server.port())) {
				normal.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(normal.read().bodyText()).isEqualTo("hi");
			}
			slowest = Math.max(slowest, System.nanoTime() - start);
			latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
		assertThat(server.statistics().connections()).as("all still held while the normal client was served")
			.isGreaterThanOrEqualTo(held);
		assertThat(Duration.ofNanos(slowest)).isLessThan(PROMPT);

		Await.until(Duration.ofSeconds(20), "every slow client closed by its timeout",
				() -> server.statistics().connections(), n -> n == 0);
		dripping.set(false);
		drip.join();
		assertThat(events.timeouts.stream().filter(TimeoutPhase.HEADER::equals).count()).isEqualTo(SLOWLORIS);
		assertThat(events.timeouts.stream().filter(TimeoutPhase.WRITE::equals).count()).isEqualTo(SLOW_READERS);
		assertThat(loris).allSatisfy(socket -> assertThat(answered408OrClosed(socket)).isTrue());
		long perConnection = Math.max(0, heapHeld - heapBefore) / held;
		assertThat(perConnection).as("heap per held connection").isLessThan(32 * 1024);

		Figures.record("slow clients", "connections held at once", held);
		Figures.record("slow clients", "slowloris closed by the header timeout", SLOWLORIS);
		Figures.record("slow clients", "slow readers closed by the write timeout", SLOW_READERS);
		Figures.record("slow clients", "normal requests while they were held, latencies (ms)", latencies);
		Figures.record("slow clients", "heap per held connection (bytes)", perConnection);
	}

	@Test
	void pastMaxConnectionsItServesWhatItHoldsShedsTheRestAndRecovers() throws Exception {
		int max = 100;
		server = TestServers.start(s -> s.route("GET", "/hello", Handler.nonBlocking(r -> Response.ok("hi"))),
				c -> c.events(events)
					.limits(Limits.DEFAULTS.withMaxConnections(max).withBacklog(1024).withReclaimAtLimit(false)));
		List<RawClient> holders = new ArrayList<>();
		for (int i = 0; i < max; i++) {
			holders.add(new RawClient(server.port()));
		}
		Await.until(Duration.ofSeconds(5), "the first " + max + " held", () -> server.statistics().connections(),
				n -> n == max);
		int shed = 0;
		for (int i = 0; i < 2 * max; i++) {
			try (RawClient extra = new RawClient(server.port())) {
				RawClient.RawResponse response = extra.read();
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.header("Retry-After")).isNotNull();
				assertThat(extra.closedByServer()).isTrue();
				shed++;
			}
		}
		for (RawClient holder : holders) {
			holder.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(holder.read().status()).as("a held connection is still served").isEqualTo(200);
			holder.close();
		}
		Await.until(Duration.ofSeconds(5), "every connection released", () -> server.statistics().connections(),
				n -> n == 0);
		for (int i = 0; i < max; i++) {
			try (RawClient again = new RawClient(server.port())) {
				again.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(again.read().status()).as("recovered").isEqualTo(200);
			}
		}
		assertThat(events.rejected).hasValue(shed);
		Figures.record("max connections", "held / shed with 503 / served after recovery",
				max + " / " + shed + " / " + max);
	}

	private List<Socket> openSlowloris(int count) throws IOException {
		List<Socket> sockets = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Socket socket = connect(0);
			socket.getOutputStream()
				.write("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
			sockets.add(socket);
		}
		return sockets;
	}

	/**
	 * One more header byte per connection every 500 ms, until the server closes it or the
	 * test ends.
	 */
	private static void drip(List<Socket> sockets, AtomicBoolean running) {
		List<Socket> open = new ArrayList<>(sockets);
		while (running.get() && !open.isEmpty()) {
			for (Iterator<Socket> it = open.iterator(); it.hasNext();) {
				try {
					OutputStream out = it.next().getOutputStream();
					out.write('a');
				}
				catch (IOException closedByServer) {
					it.remove();
				}
			}
			try {
				Thread.sleep(500); // the client's pace, not a wait for the server
			}
			catch (InterruptedException e) {
				return;
			}
		}
	}

	private List<Socket> openSlowReaders(int count) throws IOException {
		List<Socket> sockets = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Socket socket = connect(4096);
			socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			sockets.add(socket); // never read
		}
		return sockets;
	}

	private Socket connect(int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		socket.setSoTimeout(5000);
		clients.add(socket);
		return socket;
	}

	/**
	 * What a slowloris sees: a 408 then the end, or the end (when its own drip raced the
	 * close).
	 */
	private static boolean answered408OrClosed(Socket socket) {
		try {
			byte[] all = socket.getInputStream().readAllBytes();
			String text = new String(all, StandardCharsets.ISO_8859_1);
			return text.isEmpty() || text.startsWith("HTTP/1.1 408 ");
		}
		catch (IOException reset) {
			return true;
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
	}

}
