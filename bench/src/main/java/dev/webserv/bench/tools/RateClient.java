package dev.webserv.bench.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator at fixed request rates, on one selector thread: what the
 * {@code rate} section measures server CPU per request with. Request {@code i} of a rate
 * is due at {@code start + i / rate}, whatever came back; each due request goes out on
 * the connection that has waited longest for work (one request in flight per connection,
 * no pipelining), or waits for one if all are busy. Latency runs from the time a request
 * was due, not from when it left, so a server (or client) that falls behind shows it in
 * the percentiles instead of hiding it (the coordinated omission wrk2 corrects).
 *
 * <p>
 * Arguments: {@code host port path connections warm-up-seconds measure-seconds
 * server-pids clock-ticks-per-second rate...}; server-pids is a comma-separated list (a
 * server's master and workers) or {@code -}. For each rate in turn: the rate for the
 * warm-up, then a measured window, and one JSON line with the window's figures: offered
 * (requests due in it), sent, requests (responses that arrived in it), late_at_end (due
 * but unanswered when it closed), the server's, this client's and the machine's CPU
 * seconds over it, latency percentiles, errors. Between due times it sleeps with
 * {@code parkNanos}, so sends bunch within the kernel's timer slack (about 50 µs) and
 * that is the latency resolution.
 */
public final class RateClient {

	private static final long SECOND = 1_000_000_000L;

	private static final long MILLI = 1_000_000L;

	private static final int CONNECT_TIMEOUT_MILLIS = 1000;

	/** One connection and its request in flight, if any. */
	private static final class Connection {

		final SocketChannel channel;

		final ByteBuffer request;

		final ResponseFramer framer = new ResponseFramer();

		SelectionKey key;

		/** When the request in flight was due; -1 with none. */
		long due = -1;

		Connection(SocketChannel channel, ByteBuffer request) {
			this.channel = channel;
			this.request = request;
		}

	}

	private final InetSocketAddress address;

	private final byte[] request;

	private final Selector selector;

	private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

	private final ArrayDeque<Connection> idle = new ArrayDeque<>();

	private final Latencies latencies = new Latencies();

	private final long[] errors = new long[Error.values().length];

	private long windowStart;

	private long windowEnd;

	private long responses;

	private enum Error {

		CONNECT, READ, WRITE, STATUS, PARSE

	}

	private RateClient(InetSocketAddress address, byte[] request) throws IOException {
		this.address = address;
		this.request = request;
		this.selector = Selector.open();
	}

	public static void main(String[] args) throws IOException {
		run(args, System.out);
	}

	/** Runs with the arguments of {@link RateClient}, printing a JSON line per rate. */
	static void run(String[] args, PrintStream out) throws IOException {
		String host = args[0];
		Loopback.require(host);
		int port = Integer.parseInt(args[1]);
		int connections = Integer.parseInt(args[3]);
		long warmUp = Math.round(Double.parseDouble(args[4]) * SECOND);
		long measure = Math.round(Double.parseDouble(args[5]) * SECOND);
		long[] pids = args[6].equals("-") ? new long[0]
				: Arrays.stream(args[6].split(",")).mapToLong(Long::parseLong).toArray();
		double hz = Double.parseDouble(args[7]);
		if (connections < 1 || warmUp < 0 || measure < SECOND / 10) {
			throw new IllegalArgumentException("needs a connection at least and a window of 0.1 s at least");
		}
		byte[] request = ("GET " + args[2] + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		RateClient client = new RateClient(new InetSocketAddress(host, port), request);
		try {
			for (int i = 0; i < connections; i++) {
				client.open();
			}
			for (int i = 8; i < args.length; i++) {
				out.println(client.run(Double.parseDouble(args[i]), warmUp, measure, pids, hz, connections));
				out.flush();
			}
		}
		finally {
			client.close();
		}
	}

	private void close() throws IOException {
		for (SelectionKey key : selector.keys()) {
			key.channel().close();
		}
		selector.close();
	}

	/** CPU clock ticks at one instant: the server's, this JVM's and the machine's. */
	private record Ticks(long server, long self, long machine) {

		static Ticks read(long[] pids) throws IOException {
			return new Ticks(ProcStat.cpuTicks(pids), ProcStat.cpuTicks(ProcessHandle.current().pid()),
					ProcStat.machineTicks());
		}

	}

	/** One rate: the warm-up, then the measured window; its JSON line. */
	private String run(double rate, long warmUp, long measure, long[] pids, double hz, int connections)
			throws IOException {
		if (!(rate > 0)) {
			throw new IllegalArgumentException("a rate must be above 0: " + rate);
		}
		double interval = SECOND / rate;
		long start = System.nanoTime();
		windowStart = start + warmUp;
		windowEnd = windowStart + measure;
		long sent = 0;
		long sentBefore = -1;
		Ticks before = null;
		for (long now = start; now < windowEnd; now = System.nanoTime()) {
			if (before == null && now >= windowStart) {
				// the window opens: what came before it is not counted
				sentBefore = sent;
				responses = 0;
				latencies.clear();
				Arrays.fill(errors, 0);
				before = Ticks.read(pids);
			}
			int ready = selector.selectNow(this::ready);
			now = System.nanoTime();
			for (; !idle.isEmpty() && start + (long) (sent * interval) <= now; sent++) {
				send(idle.pollFirst(), start + (long) (sent * interval));
			}
			if (ready == 0) {
				pause(start + (long) (sent * interval), now);
			}
		}
		Ticks after = Ticks.read(pids);
		long dueByEnd = (long) Math.ceil((windowEnd - start) / interval);
		long offered = dueByEnd - (long) Math.ceil(warmUp / interval);
		long late = Math.max(0, dueByEnd - sent) + (connections - idle.size());
		return String.format(Locale.ROOT,
				"{\"rate\": %.0f, \"connections\": %d, \"warmup_s\": %.3f, \"duration_s\": %.3f, \"wall_s\": %.3f, "
						+ "\"offered\": %d, \"sent\": %d, \"requests\": %d, \"achieved_rate\": %.1f, \"late_at_end\": %d, "
						+ "\"server_cpu_s\": %s, \"client_cpu_s\": %.2f, \"machine_cpu_s\": %.2f, \"latency_us\": %s, "
						+ "\"errors\": {\"connect\": %d, \"read\": %d, \"write\": %d, \"status\": %d, \"parse\": %d}}",
				rate, connections, warmUp / 1e9, measure / 1e9, measure / 1e9, offered, sent - sentBefore, responses,
				responses * 1e9 / measure, late,
				(pids.length > 0) ? String.valueOf((after.server() - before.server()) / hz) : "null",
				(after.self() - before.self()) / hz, (after.machine() - before.machine()) / hz, latencies.json(),
				errors[0], errors[1], errors[2], errors[3], errors[4]);
	}

	/**
	 * Nothing was ready: wait for a response when every connection is busy or a request
	 * is already due, else until the next request is due.
	 */
	private void pause(long nextDue, long now) throws IOException {
		long wait = Math.min(nextDue, windowEnd) - now;
		if (idle.isEmpty() || wait <= 0) {
			selector.select(this::ready, 1);
		}
		else if (wait >= MILLI) {
			selector.select(this::ready, wait / MILLI);
		}
		else {
			LockSupport.parkNanos(wait);
		}
	}

	private void send(Connection connection, long due) {
		connection.due = due;
		connection.request.clear();
		try {
			connection.channel.write(connection.request);
			if (connection.request.hasRemaining()) {
				connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			}
		}
		catch (IOException ex) {
			fail(connection, Error.WRITE);
		}
	}

	private void ready(SelectionKey key) {
		Connection connection = (Connection) key.attachment();
		try {
			if (key.isWritable()) {
				connection.channel.write(connection.request);
				if (!connection.request.hasRemaining()) {
					key.interestOps(SelectionKey.OP_READ);
				}
			}
			if (key.isValid() && key.isReadable()) {
				read(connection);
			}
		}
		catch (ProtocolException ex) {
			fail(connection, Error.PARSE);
		}
		catch (IOException ex) {
			fail(connection, Error.READ);
		}
	}

	private void read(Connection connection) throws IOException {
		in.clear();
		if (connection.channel.read(in) < 0) {
			throw new IOException("closed by the server");
		}
		in.flip();
		if (!connection.framer.consume(in)) {
			return;
		}
		if (in.hasRemaining() || connection.due < 0) {
			throw new ProtocolException("a response to no request");
		}
		long now = System.nanoTime();
		if (now >= windowStart && now < windowEnd) {
			responses++;
			latencies.add((now - connection.due) / 1000);
			if (connection.framer.status() >= 400) {
				errors[Error.STATUS.ordinal()]++;
			}
		}
		connection.due = -1;
		idle.addLast(connection);
	}

	/**
	 * Counts the error, drops the connection (and its request in flight) and opens
	 * another in its place.
	 */
	private void fail(Connection connection, Error error) {
		errors[error.ordinal()]++;
		connection.key.cancel();
		idle.remove(connection);
		try {
			connection.channel.close();
			open();
		}
		catch (IOException ex) {
			errors[Error.CONNECT.ordinal()]++;
		}
	}

	/**
	 * A blocking connect (loopback: microseconds; a second at most, should the server's
	 * backlog be full), then non-blocking reads and writes.
	 */
	private void open() throws IOException {
		SocketChannel channel = SocketChannel.open();
		try {
			channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		channel.configureBlocking(false);
		ByteBuffer bytes = ByteBuffer.allocateDirect(request.length).put(request);
		Connection connection = new Connection(channel, bytes);
		connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
		idle.addLast(connection);
	}

}
