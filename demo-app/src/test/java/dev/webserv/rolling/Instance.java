package dev.webserv.rolling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link RollingInstance} JVM on fixed ports: the public one (PROXY protocol, for
 * HAProxy) and a management one (Actuator: readiness for HAProxy's checks, Prometheus's
 * scrapes); started, probed for readiness, stopped with SIGTERM.
 */
final class Instance {

	private final String name;

	private final int port;

	private final int managementPort;

	private final Path directory;

	private Process process;

	private int starts;

	Instance(String name, int port, int managementPort, Path directory) {
		this.name = name;
		this.port = port;
		this.managementPort = managementPort;
		this.directory = directory;
	}

	String name() {
		return name;
	}

	int port() {
		return port;
	}

	int managementPort() {
		return managementPort;
	}

	void start() throws IOException {
		starts++;
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(RollingInstance.class.getName());
		command.add("--rolling.instance=" + name);
		command.add("--rolling.access-log=" + accessLog());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.add("--management.server.port=" + managementPort);
		command.add("--management.server.address=127.0.0.1");
		// readiness turns 503 and webserv keeps serving while HAProxy's checks (200 ms)
		// notice
		command.add("--webserv.shutdown-delay=1s");
		command.add("--spring.profiles.active=rolling");
		command.add("--webserv.io-threads=1");
		command.add("--demo.admin-port=0");
		command.add("--demo.upload-dir=" + directory.resolve(name + "-uploads"));
		command.add("--spring.lifecycle.timeout-per-shutdown-phase=10s");
		command.add("--logging.level.root=WARN");
		process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve(name + "-" + starts + ".log").toFile())
			.start();
	}

	/** Readiness straight from the instance's management listener. */
	boolean ready() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", managementPort), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /actuator/health/readiness HTTP/1.1\r\nHost: x\r\n" + "Connection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 ");
		}
		catch (IOException e) {
			return false;
		}
	}

	void awaitReady(long timeoutSeconds) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (!ready()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				throw new AssertionError(name + " did not become ready:\n" + log());
			}
			Thread.sleep(100);
		}
	}

	/** SIGTERM, then the exit code once the graceful shutdown is over. */
	int terminate(long timeoutSeconds) throws Exception {
		process.destroy();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			throw new AssertionError(name + " did not exit within " + timeoutSeconds + " s of SIGTERM:\n" + log());
		}
		return process.exitValue();
	}

	void kill() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** The access log of every start of this instance, appended to. */
	Path accessLog() {
		return directory.resolve(name + "-access.log");
	}

	String log() throws IOException {
		return Files.readString(directory.resolve(name + "-" + starts + ".log"));
	}

}
