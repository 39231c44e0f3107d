package dev.webserv.bench.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.sun.management.ThreadMXBean;
import dev.webserv.Webserv;
import dev.webserv.bench.servers.NettyHello;
import dev.webserv.bench.servers.WebservHello;

/**
 * Bytes the server allocates per hello request, end to end (read, parse, route, handler,
 * encode, write), in steady state: the server runs in this JVM, a client thread sends
 * keep-alive requests over loopback (one at a time, or pipelined), and the heap
 * allocation counters of every thread but the client's are read before and after.
 * Complements the JMH gc profile of the parser and encoder alone.
 *
 * <p>
 * Arguments: webserv|netty-nio|netty-epoll [requests, default 1,000,000] [pipeline depth,
 * default 1] [targets: "same" (default: every request is {@code GET /}, as wrk sends) or
 * "varied" (16 paths in turn, {@code /p0} to {@code /p15}, so no head repeats the one
 * before it: what a head the server has not just seen costs)]. Prints the figure as one
 * JSON line on standard output (what bench/run.sh records) and as a sentence on standard
 * error.
 */
public final class AllocationPerRequest {

	private static final byte[] TAIL = "World!".getBytes(StandardCharsets.US_ASCII);

	/** Paths the "varied" requests take in turn. */
	private static final int PATHS = 16;

	private AllocationPerRequest() {
	}

	public static void main(String[] args) throws Exception {
		String server = args.length > 0 ? args[0] : "webserv";
		long requests = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
		int depth = args.length > 2 ? Integer.parseInt(args[2]) : 1;
		boolean varied = args.length > 3 && args[3].equals("varied");
		int port = freePort();
		AutoCloseable running = start(server, port);
		try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
			channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
			Client client = new Client(channel, port, depth, varied ? PATHS : 1);
			client.run(Math.max(200_000, requests / 5)); // warm-up: JIT, Date cache,
															// buffers
			ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
			long[] ids = threads.getAllThreadIds();
			long self = Thread.currentThread().getId();
			long before = othersAllocated(threads, ids, self);
			long start = System.nanoTime();
			long done = client.run(requests);
			long nanos = System.nanoTime() - start;
			long after = othersAllocated(threads, ids, self);
			double perRequest = (after - before) / (double) done;
			double perSecond = done * 1e9 / nanos;
			String targets = varied ? "varied" : "same";
			System.err.printf(
					"%-12s depth %-3d %s targets, %,d requests: %.1f bytes allocated per request "
							+ "(server threads), %,.0f req/s in-process%n",
					server, depth, targets, done, perRequest, perSecond);
			System.out.printf(Locale.ROOT,
					"{\"kind\":\"alloc\",\"server\":\"%s\",\"pipeline\":%d,\"targets\":\"%s\",\"requests\":%d,"
							+ "\"bytes_per_request\":%.1f,\"requests_per_s\":%.0f}%n",
					server, depth, targets, done, perRequest, perSecond);
		}
		finally {
			running.close();
		}
	}

	private static long othersAllocated(ThreadMXBean threads, long[] ids, long self) {
		long[] bytes = threads.getThreadAllocatedBytes(ids);
		long sum = 0;
		for (int i = 0; i < ids.length; i++) {
			if (ids[i] != self && bytes[i] > 0) {
				sum += bytes[i];
			}
		}
		return sum;
	}

	private static AutoCloseable start(String server, int port) throws Exception {
		return switch (server) {
			case "webserv" -> {
				Webserv webserv = WebservHello.start(port, 1);
				yield webserv::stop;
			}
			case "netty-nio" -> NettyHello.start(port, false);
			case "netty-epoll" -> NettyHello.start(port, true);
			default -> throw new IllegalArgumentException("unknown server " + server);
		};
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A blocking keep-alive client: writes {@code depth} requests, reads until that many
	 * responses ended.
	 */
	private static final class Client {

		private final SocketChannel channel;

		/** the batches sent in turn, each of {@code depth} requests */
		private final ByteBuffer[] batches;

		private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

		private final int depth;

		private int matched;

		private int round;

		/**
		 * @param paths 1: every request is GET /; more: GET /p0, /p1... in turn
		 */
		Client(SocketChannel channel, int port, int depth, int paths) {
			this.channel = channel;
			this.depth = depth;
			this.batches = new ByteBuffer[paths];
			for (int b = 0; b < paths; b++) {
				StringBuilder text = new StringBuilder();
				for (int i = 0; i < depth; i++) {
					String path = paths == 1 ? "/" : "/p" + (b * depth + i) % paths;
					text.append("GET ")
						.append(path)
						.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
						.append(port)
						.append("\r\n\r\n");
				}
				byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
				batches[b] = ByteBuffer.allocateDirect(bytes.length).put(bytes);
			}
		}

		long run(long requests) throws IOException {
			long done = 0;
			while (done < requests) {
				ByteBuffer batch = batches[round];
				round = (round + 1) % batches.length;
				batch.clear();
				while (batch.hasRemaining()) {
					channel.write(batch);
				}
				int answered = 0;
				while (answered < depth) {
					in.clear();
					if (channel.read(in) < 0) {
						throw new IOException("server closed the connection after " + done + " requests");
					}
					in.flip();
					while (in.hasRemaining()) {
						byte b = in.get();
						matched = b == TAIL[matched] ? matched + 1 : (b == TAIL[0] ? 1 : 0);
						if (matched == TAIL.length) {
							matched = 0;
							answered++;
						}
					}
				}
				done += depth;
			}
			return done;
		}

	}

}
