package dev.webserv.bench.tools;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency samples in microseconds, kept whole (sorted once at the end) up to a bound;
 * more are counted in the mean and the maximum, not kept.
 */
final class Latencies {

	/** About 80 MB of samples at most: 10 minutes at 150,000 a second fits in 512 MiB. */
	private static final int MAX_SAMPLES = 20_000_000;

	private int[] samples = new int[1 << 16];

	private int kept;

	private long count;

	private long sum;

	private long max;

	void add(long micros) {
		long value = Math.min(Integer.MAX_VALUE, Math.max(0, micros));
		count++;
		sum += value;
		max = Math.max(max, value);
		if (kept < MAX_SAMPLES) {
			if (kept == samples.length) {
				samples = Arrays.copyOf(samples, kept * 2);
			}
			samples[kept++] = (int) value;
		}
	}

	void clear() {
		kept = 0;
		count = 0;
		sum = 0;
		max = 0;
	}

	/**
	 * {@code {"mean": m, "p50": .., "p90": .., "p99": .., "p999": .., "max": ..}}, in
	 * microseconds; -1 for each with no sample.
	 */
	String json() {
		int[] sorted = Arrays.copyOf(samples, kept);
		Arrays.sort(sorted);
		return String.format(Locale.ROOT,
				"{\"mean\": %.1f, \"p50\": %d, \"p90\": %d, \"p99\": %d, \"p999\": %d, \"max\": %d}",
				(count > 0) ? (double) sum / count : -1.0, percentile(sorted, 0.5), percentile(sorted, 0.9),
				percentile(sorted, 0.99), percentile(sorted, 0.999), (count > 0) ? max : -1);
	}

	private static int percentile(int[] sorted, double p) {
		if (sorted.length == 0) {
			return -1;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	}

}
