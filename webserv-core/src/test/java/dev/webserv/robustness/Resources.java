package dev.webserv.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What the JVM holds: open file descriptors ({@code /proc/self/fd}), live threads and heap. A scenario
 * takes a {@link Snapshot} before and checks that both counts come back to it afterwards.
 */
final class Resources {

	private static final Path FDS = Path.of("/proc/self/fd");

	private Resources() {
	}

	/** Counts held at one moment. */
	record Snapshot(int fds, int threads) {
	}

	static Snapshot snapshot() {
		return new Snapshot(openFds(), liveThreads());
	}

	static int openFds() {
		try (Stream<Path> fds = Files.list(FDS)) {
			return (int) fds.count() - 1; // the listing's own descriptor
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/** Heap in use after a collection, in bytes. */
	static long heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Waits until descriptors and threads are back to the baseline (or below); fails naming what leaked.
	 * @return how many descriptors were still above the baseline when it returned (always 0)
	 */
	static int awaitBaseline(Snapshot baseline, Duration deadline) {
		Await.until(deadline, "open fds back to " + baseline.fds(), Resources::openFds, fds -> fds <= baseline.fds());
		Await.until(deadline, "live threads back to " + baseline.threads(), Resources::liveThreads,
				threads -> threads <= baseline.threads());
		return Math.max(0, openFds() - baseline.fds());
	}

	/** Waits until the process uses less than a fifth of a core over 200 ms: a burst of work is over. */
	static void awaitQuiet(Duration deadline) {
		com.sun.management.OperatingSystemMXBean os =
				(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		Await.until(deadline, "the process quiet", () -> {
			long cpuBefore = os.getProcessCpuTime();
			long wallBefore = System.nanoTime();
			try {
				Thread.sleep(200); // the measuring window
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return true;
			}
			return os.getProcessCpuTime() - cpuBefore < (System.nanoTime() - wallBefore) / 5;
		});
	}

	static boolean available() {
		return Files.isDirectory(FDS);
	}
}
