package dev.webserv.bench.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webserv.Webserv;
import dev.webserv.bench.servers.WebservHello;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixed-rate client against real servers over loopback. */
class RateClientTest {

	@Test
	void aRateWithinReachIsDeliveredAndAnsweredWithoutErrors() throws Exception {
		Webserv server = WebservHello.start(0, 1);
		try {
			long self = ProcessHandle.current().pid();
			List<JsonNode> lines = run(server.port(), "8", "0.5", "1", String.valueOf(self), "2000", "4000");
			assertThat(lines).hasSize(2);
			JsonNode at2k = lines.get(0);
			assertThat(at2k.path("rate").asInt()).isEqualTo(2000);
			assertThat(at2k.path("offered").asLong()).isBetween(1990L, 2010L);
			// a busy machine may hold some past the window, or into it from the warm-up
			assertThat(at2k.path("requests").asLong()).isBetween(1700L, 2200L);
			assertThat(lines.get(1).path("requests").asLong()).isBetween(3400L, 4400L);
			assertThat(errors(at2k)).isZero();
			assertThat(at2k.path("latency_us").path("p50").asLong()).isPositive();
			assertThat(at2k.path("server_cpu_s").isNumber()).isTrue();
			assertThat(at2k.path("client_cpu_s").asDouble()).isGreaterThanOrEqualTo(0);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void aServerSlowerThanTheRateShowsItsQueueInTheLatencyFromTheDueTime() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			// one connection, 20 ms per answer: 50 a second at most against 100 offered
			Thread acceptor = serve(listener, (in, out) -> {
				while (true) {
					readHead(in);
					pause(20);
					out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
				}
			});
			JsonNode line = run(listener.getLocalPort(), "1", "0.3", "1", "-", "100").get(0);
			acceptor.interrupt();
			assertThat(line.path("offered").asLong()).isEqualTo(100);
			assertThat(line.path("requests").asLong()).isBetween(5L, 55L);
			assertThat(line.path("late_at_end").asLong()).isGreaterThan(40);
			// a closed-loop client would see about 20 ms; the queue behind the server is
			// what this one shows
			assertThat(line.path("latency_us").path("p50").asLong()).isGreaterThan(150_000);
			assertThat(line.path("latency_us").path("max").asLong()).isGreaterThan(300_000);
			assertThat(errors(line)).isZero();
		}
	}

	@Test
	void aServerThatClosesAfterEachResponseCountsReadErrorsAndTheClientReconnects() throws Exception {
		AtomicInteger answered = new AtomicInteger();
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = serve(listener, (in, out) -> {
				readHead(in);
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
				answered.incrementAndGet();
			});
			List<JsonNode> lines = run(listener.getLocalPort(), "2", "0.2", "1", "-", "200");
			acceptor.interrupt();
			JsonNode line = lines.get(0);
			assertThat(line.path("server_cpu_s").isNull()).isTrue();
			assertThat(line.path("requests").asLong()).isGreaterThan(20);
			assertThat(line.path("errors").path("read").asLong()).isGreaterThan(20);
			assertThat(answered.get()).isGreaterThan(20);
		}
	}

	@Test
	void aResponseItCannotFrameIsAParseErrorAndTheRunStillEndsOnTime() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = serve(listener, (in, out) -> {
				readHead(in);
				out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				readHead(in);
			});
			long start = System.nanoTime();
			List<JsonNode> lines = run(listener.getLocalPort(), "2", "0.2", "1", "-", "100");
			acceptor.interrupt();
			assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
			assertThat(lines.get(0).path("requests").asLong()).isZero();
			assertThat(lines.get(0).path("errors").path("parse").asLong()).isPositive();
		}
	}

	private static List<JsonNode> run(int port, String connections, String warmUp, String measure, String pids,
			String... rates) throws IOException {
		String[] args = new String[8 + rates.length];
		System.arraycopy(
				new String[] { "127.0.0.1", String.valueOf(port), "/", connections, warmUp, measure, pids, "100" }, 0,
				args, 0, 8);
		System.arraycopy(rates, 0, args, 8, rates.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RateClient.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
		JsonMapper mapper = JsonMapper.builder().build();
		return out.toString(StandardCharsets.UTF_8).lines().map(mapper::readTree).toList();
	}

	private static long errors(JsonNode line) {
		long sum = 0;
		for (JsonNode count : line.path("errors")) {
			sum += count.asLong();
		}
		return sum;
	}

	interface Exchange {

		void handle(InputStream in, OutputStream out) throws IOException;

	}

	/** A thread per connection, each running the exchange once and then closing. */
	private static Thread serve(ServerSocket listener, Exchange exchange) {
		Thread acceptor = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Socket socket = listener.accept();
					Thread connection = new Thread(() -> {
						try (socket) {
							exchange.handle(socket.getInputStream(), socket.getOutputStream());
						}
						catch (IOException ex) {
							// the client went away: nothing to answer
						}
					});
					connection.setDaemon(true);
					connection.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		return acceptor;
	}

	private static void pause(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	/** Reads up to the blank line that ends a request head; throws at end of stream. */
	private static void readHead(InputStream in) throws IOException {
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("end of stream");
			}
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r') ? 1 : 0;
		}
	}

}
