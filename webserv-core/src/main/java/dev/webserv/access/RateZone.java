package dev.webserv.access;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * nginx's {@code limit_req_zone}: a leaky bucket per client address, counted as nginx
 * counts it, in thousandths of a request and milliseconds. The table holds at most
 * {@code size} addresses and forgets the one seen longest ago to make room, so a flood of
 * new addresses costs bounded memory (a forgotten client starts with an empty bucket).
 */
public final class RateZone {

	/** What a request may do: go at once, go after a delay, or be refused. */
	public record Decision(boolean allowed, long delayMillis, long retryAfterSeconds) {
	}

	private final long milliRequestsPerSecond;

	private final LongSupplier clockMillis;

	private final Map<InetAddress, long[]> buckets; // {excess (1/1000 request), last ms}

	/**
	 * @param milliRequestsPerSecond the rate in thousandths of a request per second
	 * (10r/s is 10,000; 30r/m is 500)
	 * @param size how many client addresses are remembered at most
	 */
	public RateZone(long milliRequestsPerSecond, int size, LongSupplier clockMillis) {
		if (milliRequestsPerSecond <= 0 || size <= 0) {
			throw new IllegalArgumentException("a rate zone needs a positive rate and size");
		}
		this.milliRequestsPerSecond = milliRequestsPerSecond;
		this.clockMillis = clockMillis;
		this.buckets = new LinkedHashMap<>(Math.min(size, 1024) * 2, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
				return size() > size;
			}
		};
	}

	public RateZone(long milliRequestsPerSecond, int size) {
		this(milliRequestsPerSecond, size, () -> System.nanoTime() / 1_000_000);
	}

	/**
	 * Counts one request of this client.
	 * @param burst requests allowed over the rate before refusing
	 * @param nodelay whether requests within the burst go at once (else they wait their
	 * turn)
	 */
	public Decision take(InetAddress client, int burst, boolean nodelay) {
		long now = clockMillis.getAsLong();
		long excess;
		synchronized (buckets) {
			long[] bucket = buckets.get(client);
			if (bucket == null) {
				buckets.put(client, new long[] { 0, now });
				return new Decision(true, 0, 0);
			}
			long elapsed = Math.max(0, now - bucket[1]);
			excess = Math.max(0, bucket[0] - milliRequestsPerSecond * elapsed / 1000 + 1000);
			if (excess > burst * 1000L) {
				return new Decision(false, 0,
						retryAfterSeconds(bucket[0] - milliRequestsPerSecond * elapsed / 1000, burst));
			}
			bucket[0] = excess;
			bucket[1] = now;
		}
		return new Decision(true, nodelay ? 0 : excess * 1000 / milliRequestsPerSecond, 0);
	}

	/** Whole seconds until one more request fits in the bucket; at least 1. */
	private long retryAfterSeconds(long excessNow, int burst) {
		long overflow = excessNow + 1000 - burst * 1000L;
		long millis = overflow * 1000 / milliRequestsPerSecond;
		return Math.max(1, (millis + 999) / 1000);
	}

	/** How many addresses the table remembers now. */
	public int clients() {
		synchronized (buckets) {
			return buckets.size();
		}
	}

}
