package dev.webserv.bench.tools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N server-sent event subscribers on one selector thread: what the SSE comparison
 * measures. Each connection sends {@code GET path} and reads the stream (chunked or not);
 * every event's data is {@code "<sequence> <epoch microseconds when published>"}, so each
 * delivery's latency is the time it arrived minus the time in it (both clocks are this
 * machine's), and a gap in a connection's sequence is an event it missed. Loopback only.
 *
 * <p>
 * Arguments: {@code host port path count warm-up-seconds measure-seconds [server-pid
 * clock-ticks-per-second]}. Opens the connections in batches of 250, prints
 * {@code READY <subscribed> subscribed <failed> failed} once each has had its first event
 * (60 s at most), lets the warm-up pass, counts for the measured window (reading the
 * server's CPU time from /proc at its start and end when given its pid), prints one JSON
 * line with the figures, then keeps the connections open (still reading) for 60 s so the
 * caller can take the server's memory with every subscriber attached, and exits.
 */
public final class SseClients {

	private static final long SECOND = 1_000_000_000L;

	private static final int BATCH = 250;

	private final List<SseStream> streams = new ArrayList<>();

	private final Selector selector;

	private boolean measuring;

	private long events;

	private long missed;

	private final Latencies latencies = new Latencies();

	private SseClients() throws IOException {
		this.selector = Selector.open();
	}

	public static void main(String[] args) throws IOException {
		String host = args[0];
		Loopback.require(host);
		int port = Integer.parseInt(args[1]);
		String path = args[2];
		int count = Integer.parseInt(args[3]);
		long warmUp = Long.parseLong(args[4]) * SECOND;
		long measure = Long.parseLong(args[5]) * SECOND;
		long pid = (args.length > 6) ? Long.parseLong(args[6]) : -1;
		double hz = (args.length > 7) ? Double.parseDouble(args[7]) : 100;
		new SseClients().run(new InetSocketAddress(host, port), host + ":" + port, path, count, warmUp, measure, pid,
				hz);
	}

	private void run(InetSocketAddress address, String authority, String path, int count, long warmUp, long measure,
			long pid, double hz) throws IOException {
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nAccept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		long deadline = System.nanoTime() + 60 * SECOND;
		for (int opened = 0; opened < count && System.nanoTime() < deadline; opened += BATCH) {
			for (int i = opened; i < Math.min(count, opened + BATCH); i++) {
				open(address, request);
			}
			// the next batch once this one is subscribed, so the backlog never overflows
			pump(deadline, () -> streams.stream().allMatch((s) -> s.subscribed() || s.failed()));
		}
		long subscribed = streams.stream().filter(SseStream::subscribed).count();
		System.out.println("READY " + subscribed + " subscribed " + (count - subscribed) + " failed");
		System.out.flush();
		pump(System.nanoTime() + warmUp, () -> false);
		measuring = true;
		long cpu0 = ProcStat.cpuTicks(pid);
		long start = System.nanoTime();
		pump(start + measure, () -> false);
		long end = System.nanoTime();
		long cpu1 = ProcStat.cpuTicks(pid);
		measuring = false;
		System.out.println(result(count, subscribed, (end - start) / 1e9, (pid > 0) ? (cpu1 - cpu0) / hz : -1));
		System.out.flush();
		pump(System.nanoTime() + 60 * SECOND, () -> false);
		for (SseStream stream : streams) {
			stream.channel().close();
		}
	}

	private void open(InetSocketAddress address, byte[] request) throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.configureBlocking(false);
		SseStream stream = new SseStream(channel, ByteBuffer.wrap(request), this::event);
		streams.add(stream);
		channel.register(selector, channel.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, stream);
	}

	/** Serves the connections until the deadline or until {@code done} says so. */
	private void pump(long deadline, java.util.function.BooleanSupplier done) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		while (!done.getAsBoolean() && System.nanoTime() < deadline) {
			selector.select(100);
			long arrived = -1;
			for (SelectionKey key : selector.selectedKeys()) {
				SseStream stream = (SseStream) key.attachment();
				try {
					if (key.isConnectable() && stream.channel().finishConnect()) {
						key.interestOps(SelectionKey.OP_WRITE);
					}
					if (key.isValid() && key.isWritable()) {
						stream.channel().write(stream.request());
						if (!stream.request().hasRemaining()) {
							key.interestOps(SelectionKey.OP_READ);
						}
					}
					if (key.isValid() && key.isReadable()) {
						arrived = (arrived < 0) ? nowMicros() : arrived;
						buffer.clear();
						if (stream.channel().read(buffer) < 0) {
							throw new IOException("closed by the server");
						}
						stream.consume(buffer.flip(), arrived);
					}
				}
				catch (IOException | RuntimeException e) {
					key.cancel();
					stream.fail();
					stream.channel().close();
				}
			}
			selector.selectedKeys().clear();
		}
	}

	private void event(long gap, long latencyMicros) {
		if (!measuring) {
			return;
		}
		events++;
		missed += gap;
		latencies.add(latencyMicros);
	}

	private String result(int count, long subscribed, double seconds, double serverCpu) {
		long open = streams.stream().filter((s) -> !s.failed()).count();
		return String.format(Locale.ROOT,
				"{\"subscribers\": %d, \"subscribed\": %d, \"open_at_end\": %d, \"window_s\": %.3f, \"events\": %d, "
						+ "\"missed\": %d, \"server_cpu_s\": %s, \"latency_us\": %s}",
				count, subscribed, open, seconds, events, missed, (serverCpu >= 0) ? String.valueOf(serverCpu) : "null",
				latencies.json());
	}

	private static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
	}

}
