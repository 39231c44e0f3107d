package dev.webserv.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spring Boot jar run with {@code java -jar} in a directory of the test's choosing, its
 * output kept, and the ports its "webserv started: ..." line names.
 */
final class RunningJar implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("webserv started: (.*)$");

	private static final Pattern SERVER = Pattern.compile("([^ ,]+) on [^ ,]*:(\\d+)");

	private final Process process;

	private final List<String> output = new ArrayList<>();

	private final CompletableFuture<String> started = new CompletableFuture<>();

	RunningJar(Path jar, Path workingDirectory, String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
						jar.toString()));
		command.addAll(List.of(args));
		this.process = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.start();
		Thread reader = new Thread(this::read, "jar-output");
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				synchronized (output) {
					output.add(line);
				}
				Matcher matcher = STARTED.matcher(line);
				if (matcher.find()) {
					started.complete(matcher.group(1));
				}
			}
		}
		catch (IOException e) {
			// the process ended
		}
		started.completeExceptionally(new IllegalStateException("the application ended without starting webserv"));
	}

	/**
	 * The first port of the named server, from the start-up line; waits for it up to the
	 * deadline.
	 */
	int port(String server, Duration deadline) throws Exception {
		String line = startedLine(deadline);
		Matcher matcher = SERVER.matcher(line);
		while (matcher.find()) {
			if (server == null || matcher.group(1).equals(server)) {
				return Integer.parseInt(matcher.group(2));
			}
		}
		throw new AssertionError("no server " + server + " in: " + line);
	}

	/** The first port of the first server, whatever its name. */
	int firstPort(Duration deadline) throws Exception {
		return port(null, deadline);
	}

	private String startedLine(Duration deadline) {
		try {
			return started.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception e) {
			throw new AssertionError("no 'webserv started' line; output:\n" + output(), e);
		}
	}

	String output() {
		synchronized (output) {
			return String.join("\n", output);
		}
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
