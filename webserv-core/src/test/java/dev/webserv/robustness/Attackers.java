package dev.webserv.robustness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds connections open against a server the way an attacker does, on a thread of its
 * own: slowloris connections that send one header line a second and never finish their
 * head, and idle keep-alive connections that send one request and then nothing. Whatever
 * the server closes (reclaimed, refused with 503, timed out) is opened again, at most 50
 * a second (slowhttptest's default connection rate), so the attacker keeps trying to hold
 * its count. Each connection comes from one of the given local addresses (127.0.0.0/8 is
 * all loopback on Linux), so the per-address cap sees several attackers.
 */
final class Attackers implements AutoCloseable {

	private static final long ROUND_MILLIS = 100;

	private static final int REOPENS_PER_ROUND = 5;

	private static final long DRIP_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final byte[] HEAD_START = "GET /hello HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LINE = "X-Slow: a\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REQUEST = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final InetSocketAddress server;

	private final List<Held> held = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong reopened = new AtomicLong();

	private final Thread thread;

	private final ByteBuffer scratch = ByteBuffer.allocate(4096);

	private int first;

	/**
	 * Opens them all, then keeps them up until closed.
	 * @param from the local addresses, used in turn
	 */
	Attackers(int port, int slowloris, int idle, List<String> from) throws IOException {
		this.server = new InetSocketAddress("127.0.0.1", port);
		for (int i = 0; i < slowloris + idle; i++) {
			Held one = new Held(i < slowloris, from.get(i % from.size()));
			one.open();
			held.add(one);
		}
		thread = new Thread(this::run, "attackers");
		thread.setDaemon(true);
		thread.start();
	}

	/** Connections opened again after the server closed them. */
	long reopened() {
		return reopened.get();
	}

	private void run() {
		while (running.get()) {
			long now = System.nanoTime();
			int reopens = REOPENS_PER_ROUND;
			int from = first;
			for (int i = 0; i < held.size(); i++) {
				int index = (from + i) % held.size();
				Held one = held.get(index);
				try {
					one.round(now);
				}
				catch (IOException closed) {
					one.close();
					if (reopens > 0) {
						reopens--;
						reopen(one);
						first = index + 1; // the next round goes on from here: each in
											// turn
					}
				}
			}
			try {
				Thread.sleep(ROUND_MILLIS); // the attacker's pace, not a wait for the
											// server
			}
			catch (InterruptedException e) {
				return;
			}
		}
	}

	private void reopen(Held one) {
		try {
			one.open();
			reopened.incrementAndGet();
		}
		catch (IOException refusedToConnect) {
			// the backlog is full: try again next round
		}
	}

	@Override
	public void close() throws InterruptedException {
		running.set(false);
		thread.join(5000);
		held.forEach(Held::close);
	}

	private final class Held {

		private final boolean slowloris;

		private final String from;

		private SocketChannel channel;

		private long dripped;

		Held(boolean slowloris, String from) {
			this.slowloris = slowloris;
			this.from = from;
		}

		void open() throws IOException {
			channel = SocketChannel.open();
			try {
				channel.bind(new InetSocketAddress(from, 0));
				channel.connect(server);
				channel.configureBlocking(false);
				channel.write(ByteBuffer.wrap(slowloris ? HEAD_START : REQUEST));
				dripped = System.nanoTime();
			}
			catch (IOException e) {
				close();
				throw e;
			}
		}

		/** Reads whatever came (a response, a 503, an EOF) and drips a line when due. */
		void round(long now) throws IOException {
			if (channel == null || !channel.isOpen()) {
				throw new IOException("not connected");
			}
			scratch.clear();
			if (channel.read(scratch) < 0) {
				throw new IOException("closed by the server");
			}
			if (slowloris && now - dripped >= DRIP_NANOS) {
				channel.write(ByteBuffer.wrap(LINE));
				dripped = now;
			}
		}

		void close() {
			try {
				if (channel != null) {
					channel.close();
				}
			}
			catch (IOException ignored) {
				// closing is all that is left to do
			}
		}

	}

}
