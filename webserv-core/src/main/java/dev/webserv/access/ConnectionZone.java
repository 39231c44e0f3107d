package dev.webserv.access;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * nginx's {@code limit_conn_zone}: requests in progress per client address. An address is
 * in the table only while it has requests in progress, and the table holds at most
 * {@code size} of them: a new address past that is refused, as nginx refuses when its
 * zone is full.
 */
public final class ConnectionZone {

	private final int size;

	private final Map<InetAddress, int[]> counts = new HashMap<>();

	public ConnectionZone(int size) {
		if (size <= 0) {
			throw new IllegalArgumentException("a connection zone needs a positive size");
		}
		this.size = size;
	}

	/**
	 * Takes one slot of this client; each true must be followed by one {@link #release}.
	 */
	public synchronized boolean acquire(InetAddress client, int max) {
		int[] count = counts.get(client);
		if (count == null) {
			if (counts.size() >= size) {
				return false;
			}
			counts.put(client, new int[] { 1 });
			return true;
		}
		if (count[0] >= max) {
			return false;
		}
		count[0]++;
		return true;
	}

	public synchronized void release(InetAddress client) {
		int[] count = counts.get(client);
		if (count != null && --count[0] <= 0) {
			counts.remove(client);
		}
	}

	/** Addresses with requests in progress. */
	public synchronized int clients() {
		return counts.size();
	}

}
