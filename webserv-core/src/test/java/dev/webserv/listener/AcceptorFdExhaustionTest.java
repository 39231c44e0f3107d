package dev.webserv.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;

/**
 * A server out of file descriptors (EMFILE) neither spins nor stops: a child JVM runs
 * under {@code ulimit -n 64}, the test opens connections until its descriptors are gone,
 * checks the child's CPU over two seconds, then releases them and checks it serves again.
 */
@EnabledOnOs(OS.LINUX)
class AcceptorFdExhaustionTest {

	static final int FD_LIMIT = 64;

	static final int CONNECTIONS = 2 * FD_LIMIT;

	@TempDir
	Path temp;

	@Test
	void backsOffWhileDescriptorsAreExhaustedThenResumesByItself() throws Exception {
		Path log = temp.resolve("child.log");
		Process child = startChild(log, jar(temp.resolve("server.jar")));
		List<Socket> held = new ArrayList<>();
		try {
			int port = readPort(child);
			assertThat(get(port)).as(() -> describe(child, log)).isEqualTo(200);

			for (int i = 0; i < CONNECTIONS; i++) {
				held.add(new Socket("127.0.0.1", port));
			}
			awaitTrue(() -> openFds(child.pid()) >= FD_LIMIT - 1, 10, "the child to run out of descriptors");
			long ticksBefore = cpuTicks(child.pid());
			long wallBefore = System.nanoTime();
			Thread.sleep(2000); // the measuring window
			long ticks = cpuTicks(child.pid()) - ticksBefore;
			double seconds = (System.nanoTime() - wallBefore) / 1e9;
			System.out.printf("out of descriptors for %.1f s: child CPU %.1f%% of a core%n", seconds, ticks / seconds);
			// 100 ticks a second is one core busy; a spinning acceptor used about that
			assertThat(ticks / seconds).as("child CPU ticks per second while out of descriptors").isLessThan(20);
			String during = Files.readString(log);
			assertThat(during.split("pausing accepts", -1)).as("one log line for the episode: " + during).hasSize(2);

			for (Socket socket : held) {
				socket.close();
			}
			held.clear();
			awaitTrue(() -> openFds(child.pid()) < FD_LIMIT / 2, 20, "the child to release the connections");
			assertThat(get(port)).as(() -> describe(child, log)).isEqualTo(200);
			assertThat(Files.readString(log)).contains("accepting connections again");
		}
		finally {
			release(held, child);
		}
	}

	/** Closes the test's sockets and ends the child (its standard input closed). */
	static void release(List<Socket> held, Process child) throws Exception {
		for (Socket socket : held) {
			socket.close();
		}
		child.getOutputStream().close();
		if (!child.waitFor(10, TimeUnit.SECONDS)) {
			child.destroyForcibly();
		}
	}

	static String describe(Process child, Path log) {
		try {
			return "child alive: " + child.isAlive() + ", its log: " + Files.readString(log);
		}
		catch (IOException e) {
			return e.toString();
		}
	}

	/**
	 * The child's classes in one jar, as a server is deployed: classes loaded from
	 * directories need a descriptor each, which an exhausted process does not have.
	 */
	static Path jar(Path jar) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (Path directory : List.of(location(Webserv.class), location(FdExhaustionServer.class))) {
				try (Stream<Path> files = Files.walk(directory)) {
					for (Path file : files.filter(Files::isRegularFile).toList()) {
						out.putNextEntry(
								new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
						Files.copy(file, out);
						out.closeEntry();
					}
				}
			}
		}
		return jar;
	}

	private static Process startChild(Path log, Path classPath) throws IOException {
		return startChild(log, classPath, "");
	}

	/**
	 * @param jvmOptions more options for the child JVM, each followed by a space
	 */
	static Process startChild(Path log, Path classPath, String jvmOptions) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String command = "ulimit -n " + FD_LIMIT + " && exec " + java
				+ " -XX:-MaxFDLimit -XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1 " + jvmOptions + "-cp " + classPath
				+ " " + FdExhaustionServer.class.getName();
		return new ProcessBuilder("sh", "-c", command).redirectError(log.toFile()).start();
	}

	private static Path location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	static int readPort(Process child) throws Exception {
		BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		assertThat(line).as("the child's first line").startsWith("port ");
		return Integer.parseInt(line.substring(5).trim());
	}

	static int get(int port) throws IOException {
		try (RawClient client = new RawClient(port, 10_000)) {
			client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			return client.read().status();
		}
	}

	/** utime + stime of the process, in clock ticks (fields 14 and 15 of its stat). */
	private static long cpuTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	static int openFds(long pid) throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			return (int) fds.count();
		}
	}

	interface Check {

		boolean holds() throws Exception;

	}

	static void awaitTrue(Check check, int seconds, String what) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!check.holds()) {
			assertThat(System.nanoTime() - end).as("not within " + seconds + " s: " + what).isNegative();
			Thread.sleep(20);
		}
	}

}
