package dev.webserv.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.webserv.testing.Await;

/**
 * What the JVM holds: open file descriptors ({@code /proc/self/fd}), the server's own
 * threads and heap. A scenario takes a {@link Snapshot} before and checks that both come
 * back to it afterwards. Only threads the server names ({@value #SERVER_THREADS}...) are
 * compared: the JDK starts and retires threads of its own at will (the ForkJoinPool
 * carriers of virtual threads, the common pool, HttpClient selectors), and counting them
 * made leak checks fail on JDK 25 without any leak.
 */
final class Resources {

	private static final Path FDS = Path.of("/proc/self/fd");

	/** A descriptor closed between listing /proc/self/fd and reading it: not held. */
	private static final String CLOSED = "(closed)";

	/** The name prefix of every thread the server starts. */
	static final String SERVER_THREADS = "webserv-";

	private static boolean warmedUp;

	private Resources() {
	}

	/** Counts held at one moment. */
	record Snapshot(int fds, int threads, java.util.List<String> fdTargets, java.util.List<String> threadNames) {
	}

	static Snapshot snapshot() {
		warmUpJdk();
		return new Snapshot(openFds(), threadNames().size(), fdTargets(), threadNames());
	}

	/**
	 * Some JDK resources live as long as the process once first used: the "pre-close"
	 * socket pair (the first abortive socket close), /dev/random and /dev/urandom (the
	 * first temporary file name), and the CompletableFuture delay thread (the first
	 * timeout). Take them before any baseline, so none is taken for a leak.
	 */
	private static synchronized void warmUpJdk() {
		if (warmedUp) {
			return;
		}
		try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress());
				java.net.Socket client = new java.net.Socket(listener.getInetAddress(), listener.getLocalPort());
				java.net.Socket accepted = listener.accept()) {
			client.setSoLinger(true, 0);
			accepted.setSoLinger(true, 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		try {
			Files.delete(Files.createTempFile("webserv-warm-up-", ".tmp"));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		new java.util.concurrent.CompletableFuture<Void>()
			.completeOnTimeout(null, 1, java.util.concurrent.TimeUnit.MILLISECONDS)
			.join();
		warmedUp = true;
	}

	/**
	 * What each open descriptor points at ("socket:[123]", a path...), for naming a leak.
	 */
	static java.util.List<String> fdTargets() {
		try (Stream<Path> fds = Files.list(FDS)) {
			return fds.map(fd -> {
				try {
					return describe(Files.readSymbolicLink(fd).toString());
				}
				catch (IOException gone) {
					return CLOSED;
				}
			}).filter(target -> !target.equals(CLOSED)).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * A socket's inode with its line of /proc/net/tcp (local, remote, state), when it is
	 * TCP.
	 */
	private static String describe(String target) {
		if (!target.startsWith("socket:[")) {
			return target;
		}
		String inode = target.substring(8, target.length() - 1);
		for (String table : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
			try {
				for (String line : Files.readAllLines(Path.of(table))) {
					String[] f = line.trim().split("\\s+");
					if (f.length > 9 && f[9].equals(inode)) {
						return target + " " + f[1] + " -> " + f[2] + " state " + f[3];
					}
				}
			}
			catch (IOException ignored) {
				// no table
			}
		}
		return target;
	}

	static int openFds() {
		try (Stream<Path> fds = Files.list(FDS)) {
			return (int) fds.count() - 1; // the listing's own descriptor
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The server's own live threads (named {@value #SERVER_THREADS}...). */
	static java.util.List<String> threadNames() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter(name -> name.startsWith(SERVER_THREADS))
			.sorted()
			.toList();
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
	 * Waits until descriptors and threads are back to the baseline (or below); fails
	 * naming what leaked.
	 * @return how many descriptors were still above the baseline when it returned (always
	 * 0)
	 */
	static int awaitBaseline(Snapshot baseline, Duration deadline) {
		return awaitBaseline(baseline, deadline, java.util.List.of());
	}

	/**
	 * Like {@link #awaitBaseline(Snapshot, Duration)}, leaving out descriptors and
	 * threads whose description starts with one of {@code processWide}: things that by
	 * design live as long as the JVM, not the server.
	 */
	static int awaitBaseline(Snapshot baseline, Duration deadline, java.util.List<String> processWide) {
		try {
			Await.until(deadline, "fds and threads back to the baseline", () -> {
				java.util.List<String> fds = added(baseline.fdTargets(), fdTargets(), processWide);
				java.util.List<String> threads = added(baseline.threadNames(), threadNames(), processWide);
				return fds.isEmpty() && threads.isEmpty();
			});
		}
		catch (AssertionError e) {
			throw new AssertionError(
					e.getMessage() + "; new fds: " + added(baseline.fdTargets(), fdTargets(), processWide)
							+ "; new threads: " + added(baseline.threadNames(), threadNames(), processWide));
		}
		// back to the baseline at one moment is the answer; what other threads of the
		// test
		// JVM open just after is not the server's, but is shown for whoever looks
		java.util.List<String> later = added(baseline.fdTargets(), fdTargets(), processWide);
		if (!later.isEmpty()) {
			System.err.println("descriptors opened after the baseline was reached: " + later + "; threads: "
					+ added(baseline.threadNames(), threadNames(), java.util.List.of()));
		}
		return 0;
	}

	/**
	 * What {@code now} holds beyond {@code before} (as multisets), less the process-wide
	 * entries.
	 */
	private static java.util.List<String> added(java.util.List<String> before, java.util.List<String> now,
			java.util.List<String> processWide) {
		java.util.List<String> extra = new java.util.ArrayList<>(now);
		before.forEach(extra::remove);
		extra.removeIf(entry -> processWide.stream().anyMatch(entry::startsWith));
		return extra;
	}

	/**
	 * Waits until the process uses less than a fifth of a core over 200 ms: a burst of
	 * work is over.
	 */
	static void awaitQuiet(Duration deadline) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
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
