package dev.webserv.bench.tools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N keep-alive connections to a hello server, sends one request on each and reads
 * its response, then holds them idle: what the memory comparison measures. Connections
 * are opened in batches, each batch finished before the next, so the listen backlog never
 * overflows. Loopback only; bounded in time: it exits by itself after the hold time.
 *
 * <p>
 * Arguments: host port count [hold seconds, default 120] [batch, default 250]. Prints
 * {@code READY <open> open <failed> failed} once every connection has had its response,
 * then a line every 5 seconds with how many are still open (a server that closes idle
 * connections shows here).
 */
public final class IdleConnections {

	private static final byte[] TAIL = "World!".getBytes(StandardCharsets.US_ASCII);

	private static final long CONNECT_DEADLINE_NANOS = 60_000_000_000L;

	private IdleConnections() {
	}

	/**
	 * One connection's progress: whether its request left and how much of the body's tail
	 * has been seen.
	 */
	private static final class Peer {

		final ByteBuffer request;

		int matched;

		boolean answered;

		Peer(ByteBuffer request) {
			this.request = request;
		}

	}

	public static void main(String[] args) throws IOException, InterruptedException {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int count = Integer.parseInt(args[2]);
		long holdSeconds = args.length > 3 ? Long.parseLong(args[3]) : 120;
		int batch = args.length > 4 ? Integer.parseInt(args[4]) : 250;
		Loopback.require(host);
		byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		InetSocketAddress address = new InetSocketAddress(host, port);
		Selector selector = Selector.open();
		List<SocketChannel> open = new ArrayList<>(count);
		int failed = 0;
		long deadline = System.nanoTime() + CONNECT_DEADLINE_NANOS;
		ByteBuffer readBuffer = ByteBuffer.allocate(4096);
		for (int done = 0; done < count && System.nanoTime() < deadline;) {
			int n = Math.min(batch, count - done);
			int pending = 0;
			for (int i = 0; i < n; i++) {
				SocketChannel channel = SocketChannel.open();
				channel.configureBlocking(false);
				Peer peer = new Peer(ByteBuffer.wrap(request));
				if (channel.connect(address)) {
					channel.register(selector, SelectionKey.OP_WRITE, peer);
				}
				else {
					channel.register(selector, SelectionKey.OP_CONNECT, peer);
				}
				open.add(channel);
				pending++;
			}
			while (pending > 0 && System.nanoTime() < deadline) {
				selector.select(1000);
				for (SelectionKey key : selector.selectedKeys()) {
					if (!key.isValid()) {
						continue;
					}
					SocketChannel channel = (SocketChannel) key.channel();
					Peer peer = (Peer) key.attachment();
					try {
						if (key.isConnectable() && channel.finishConnect()) {
							key.interestOps(SelectionKey.OP_WRITE);
						}
						if (key.isValid() && key.isWritable()) {
							channel.write(peer.request);
							if (!peer.request.hasRemaining()) {
								key.interestOps(SelectionKey.OP_READ);
							}
						}
						if (key.isValid() && key.isReadable() && readResponse(channel, peer, readBuffer)) {
							key.interestOps(0);
							pending--;
						}
					}
					catch (IOException e) {
						key.cancel();
						channel.close();
						failed++;
						pending--;
					}
				}
				selector.selectedKeys().clear();
			}
			done += n;
		}
		long stillOpen = open.stream().filter(SocketChannel::isOpen).count();
		System.out.println("READY " + stillOpen + " open " + (count - stillOpen) + " failed");
		System.out.flush();
		hold(selector, open, holdSeconds);
	}

	/** Reads what arrived; true once the body's last bytes ("World!") were seen. */
	private static boolean readResponse(SocketChannel channel, Peer peer, ByteBuffer buffer) throws IOException {
		buffer.clear();
		int read = channel.read(buffer);
		if (read < 0) {
			throw new IOException("closed by the server before answering");
		}
		for (int i = 0; i < read; i++) {
			byte b = buffer.get(i);
			peer.matched = b == TAIL[peer.matched] ? peer.matched + 1 : (b == TAIL[0] ? 1 : 0);
			if (peer.matched == TAIL.length) {
				peer.answered = true;
				peer.matched = 0;
			}
		}
		return peer.answered;
	}

	/**
	 * Keeps the connections idle, noticing (by OP_READ) any the server closes, until the
	 * hold time is up.
	 */
	private static void hold(Selector selector, List<SocketChannel> open, long holdSeconds) throws IOException {
		for (SelectionKey key : selector.keys()) {
			if (key.isValid()) {
				key.interestOps(SelectionKey.OP_READ);
			}
		}
		ByteBuffer sink = ByteBuffer.allocate(4096);
		long end = System.nanoTime() + holdSeconds * 1_000_000_000L;
		long nextReport = System.nanoTime() + 5_000_000_000L;
		while (System.nanoTime() < end) {
			selector.select(1000);
			for (SelectionKey key : selector.selectedKeys()) {
				SocketChannel channel = (SocketChannel) key.channel();
				try {
					sink.clear();
					if (channel.read(sink) < 0) {
						key.cancel();
						channel.close();
					}
				}
				catch (IOException e) {
					key.cancel();
					channel.close();
				}
			}
			selector.selectedKeys().clear();
			if (System.nanoTime() > nextReport) {
				nextReport += 5_000_000_000L;
				System.out.println("OPEN " + open.stream().filter(SocketChannel::isOpen).count());
				System.out.flush();
			}
		}
		for (SocketChannel channel : open) {
			channel.close();
		}
	}

}
