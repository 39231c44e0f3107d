package dev.webserv.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Helpers for the CGI fault tests: scripts written into a test's directory, polling with
 * a deadline, the processes of a script's session, and the CGI log.
 */
final class CgiScripts {

	private CgiScripts() {
	}

	/** Writes an executable sh script. */
	static void script(Path directory, String name, String body) {
		try {
			Path file = directory.resolve(name);
			Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
			file.toFile().setExecutable(true);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Polls every 10 ms until the condition holds; fails naming it at the deadline. */
	static void await(Duration deadline, String description, BooleanSupplier condition) {
		long end = System.nanoTime() + deadline.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - end > 0) {
				throw new AssertionError("not within " + deadline + ": " + description);
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted", e);
			}
		}
	}

	/** A pid a script wrote into a file, once the file is complete. */
	static long pid(Path file) {
		await(Duration.ofSeconds(10), file + " written", () -> {
			try {
				return Files.readString(file).endsWith("\n");
			}
			catch (IOException e) {
				return false;
			}
		});
		try {
			return Long.parseLong(Files.readString(file).trim());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Whether a process runs (a zombie does not). */
	static boolean running(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException e) {
			return false;
		}
	}

	/** The running processes whose session is {@code session} (a script's own pid). */
	static List<Long> session(long session) {
		return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				return !fields[0].equals("Z") && Long.parseLong(fields[3]) == session;
			}
			catch (IOException | RuntimeException e) {
				return false;
			}
		}).toList();
	}

	/** Heap in use after a full collection. */
	static long heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Records what {@code CgiProcess} logs (FINE included) and on which thread, until
	 * closed.
	 */
	static final class Log extends Handler implements AutoCloseable {

		private static final Logger LOGGER = Logger.getLogger(CgiProcess.class.getName());

		private final List<String> messages = new CopyOnWriteArrayList<>();

		private final List<String> threads = new CopyOnWriteArrayList<>();

		private final Level before = LOGGER.getLevel();

		Log() {
			LOGGER.setLevel(Level.FINE);
			setLevel(Level.FINE);
			LOGGER.addHandler(this);
		}

		List<String> messages() {
			return messages;
		}

		/** The threads that killed a process tree. */
		List<String> killers() {
			return threads;
		}

		@Override
		public void publish(LogRecord record) {
			String message = record.getMessage();
			messages.add(message);
			if (message.contains(": killed ")) {
				threads.add(Thread.currentThread().getName());
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
			LOGGER.removeHandler(this);
			LOGGER.setLevel(before);
		}

		static void assertNoneOnALoop(List<String> threads) {
			assertThat(threads).as("threads that killed CGI processes").noneMatch(name -> name.contains("-loop-"));
		}

	}

}
