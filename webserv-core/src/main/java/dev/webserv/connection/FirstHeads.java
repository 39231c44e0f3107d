package dev.webserv.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, per client address, the connections that have not yet sent their first request
 * head, and refuses one more past the cap ({@code limits.max-first-heads-per-address}),
 * so one address cannot take every slot with connections that never send a request. The
 * map holds an entry only while its address has such a connection, so it is bounded by
 * max-connections. Safe from any thread.
 */
final class FirstHeads {

	/** The ticket of a connection not counted (its listener takes the PROXY protocol). */
	static final Runnable UNCOUNTED = () -> {
	};

	private final int cap;

	private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

	FirstHeads(int cap) {
		this.cap = cap;
	}

	/**
	 * Counts the connection in.
	 * @return the ticket to run once its first head is read or it closes (running it
	 * again does nothing), or null when its address is at the cap
	 */
	Runnable enter(SocketChannel channel) {
		InetAddress address = address(channel);
		if (address == null) {
			return UNCOUNTED; // closed already: it will fail at once, uncounted
		}
		boolean[] admitted = new boolean[1];
		counts.compute(address, (key, count) -> {
			int current = count == null ? 0 : count;
			if (current >= cap) {
				return count;
			}
			admitted[0] = true;
			return current + 1;
		});
		return admitted[0] ? new Ticket(address) : null;
	}

	private static InetAddress address(SocketChannel channel) {
		try {
			return channel.getRemoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
		}
		catch (IOException closed) {
			return null;
		}
	}

	/**
	 * Handed from the acceptor to the connection's loop, then used there only: a plain
	 * flag is enough.
	 */
	private final class Ticket implements Runnable {

		private final InetAddress address;

		private boolean over;

		Ticket(InetAddress address) {
			this.address = address;
		}

		@Override
		public void run() {
			if (!over) {
				over = true;
				counts.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
			}
		}

	}

}
