package dev.webserv.bench.tools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

	/** Latencies kept for the percentiles; more events are counted, not kept. */
	private static final int MAX_SAMPLES = 5_000_000;

	private final List<SseStream> streams = new ArrayList<>();

	private final Selector selector;

	private boolean measuring;

	private long events;

	private long missed;

	private int[] latencies = new int[1 << 16];

	private int samples;

	private SseClients() throws IOException {
		this.selector = Selector.open();
	}

	public static void main(String[] args) throws IOException {
		String host = args[0];
		if (!host.startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
			throw new IllegalArgumentException("loopback only: " + host);
		}
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
		long cpu0 = cpuTicks(pid);
		long start = System.nanoTime();
		pump(start + measure, () -> false);
		long end = System.nanoTime();
		long cpu1 = cpuTicks(pid);
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
		if (samples < MAX_SAMPLES) {
			if (samples == latencies.length) {
				latencies = Arrays.copyOf(latencies, samples * 2);
			}
			latencies[samples++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, latencyMicros));
		}
	}

	private String result(int count, long subscribed, double seconds, double serverCpu) {
		int[] sorted = Arrays.copyOf(latencies, samples);
		Arrays.sort(sorted);
		long open = streams.stream().filter((s) -> !s.failed()).count();
		return String.format(Locale.ROOT,
				"{\"subscribers\": %d, \"subscribed\": %d, \"open_at_end\": %d, \"window_s\": %.3f, \"events\": %d, "
						+ "\"missed\": %d, \"server_cpu_s\": %s, \"latency_us\": {\"p50\": %d, \"p90\": %d, "
						+ "\"p99\": %d, \"p999\": %d, \"max\": %d}}",
				count, subscribed, open, seconds, events, missed, (serverCpu >= 0) ? String.valueOf(serverCpu) : "null",
				percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99), percentile(sorted, 0.999),
				percentile(sorted, 1));
	}

	private static int percentile(int[] sorted, double p) {
		if (sorted.length == 0) {
			return -1;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	}

	private static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
	}

	/**
	 * utime + stime of a process (its threads included), in clock ticks; -1 if unknown.
	 */
	private static long cpuTicks(long pid) throws IOException {
		if (pid <= 0) {
			return -1;
		}
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
