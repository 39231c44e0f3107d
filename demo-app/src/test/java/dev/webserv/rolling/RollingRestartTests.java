package dev.webserv.rolling;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 15's rolling restart, with a real load balancer: HAProxy on loopback (PROXY
 * protocol v2 to every instance, health check on /actuator/health/readiness of each
 * instance's management port) in front of three instances of the demo, each its own JVM,
 * scraped by a Prometheus server. While {@link LoadGenerator} sends small requests,
 * uploads, slow requests and address checks, each instance in turn gets SIGTERM
 * (readiness 503, a 1 s shutdown delay while HAProxy takes it out, the graceful drain),
 * exits, and is started again; the next one is stopped only once HAProxy sends to the new
 * one. Not a single request may fail, every /who answer is the load generator's own
 * address and port, and Prometheus has one request-count series per instance.
 */
@Tag("rolling")
class RollingRestartTests {

	private static final int INSTANCES = 3;

	@TempDir
	Path directory;

	private final List<Instance> instances = new ArrayList<>();

	private Process haproxy;

	private ScrapingPrometheus prometheus;

	@AfterEach
	void stopEverything() throws Exception {
		for (Instance instance : instances) {
			instance.kill();
		}
		if (prometheus != null) {
			prometheus.close();
		}
		if (haproxy != null) {
			haproxy.destroy();
			haproxy.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void loadBalancedTrafficSurvivesARollingRestartWithoutAFailedRequest() throws Exception {
		Path binary = haproxyBinary();
		for (int i = 0; i < INSTANCES; i++) {
			Instance instance = new Instance("app" + (i + 1), freePort(), freePort(), directory);
			instances.add(instance);
			instance.start();
		}
		for (Instance instance : instances) {
			instance.awaitReady(120);
		}
		int front = freePort();
		startHaproxy(binary, front);
		LoadGenerator probe = awaitInPool(front);
		prometheus = ScrapingPrometheus.start(directory, instances);

		LoadGenerator load = new LoadGenerator(front);
		load.start();
		Thread.sleep(2000);
		for (Instance instance : instances) {
			instance.terminate(30);
			instance.start();
			instance.awaitReady(120);
			Thread.sleep(1500); // HAProxy's rise: two checks 200 ms apart, with room to
								// spare
		}
		Thread.sleep(2000);
		load.stop();

		System.out.println("rolling restart of " + INSTANCES + " instances: answered " + load.answered() + ", failed "
				+ load.failures().size());
		assertThat(load.failures()).as("failed requests (haproxy log:\n%s)", haproxyLog()).isEmpty();
		assertThat(load.answered().keySet()).containsExactlyInAnyOrder("hello", "upload 8KB", "upload 48KB", "slow",
				"who");
		assertThat(load.answered().get("slow").get()).isGreaterThan(10);
		assertThat(whoLogged(probe, load)).as("/who lines of the access logs").isGreaterThan(100);
		assertThat(prometheus.requestCountInstances()).as("one series per instance")
			.containsExactlyInAnyOrderElementsOf(
					instances.stream().map(instance -> "127.0.0.1:" + instance.managementPort()).toList());
	}

	/**
	 * Every /who line of the instances' access logs names a socket the load generator
	 * asked from (not HAProxy's connection to the instance); how many there were.
	 */
	private long whoLogged(LoadGenerator probe, LoadGenerator load) throws IOException {
		Set<String> clients = new HashSet<>(probe.whoClients());
		clients.addAll(load.whoClients());
		long lines = 0;
		for (Instance instance : instances) {
			for (String line : Files.readAllLines(instance.accessLog(), StandardCharsets.UTF_8)) {
				String[] fields = line.split(" ");
				if (fields.length == 3 && fields[1].equals("/who") && fields[2].equals("200")) {
					assertThat(clients).as("the client of " + line + " in " + instance.name()).contains(fields[0]);
					lines++;
				}
			}
		}
		return lines;
	}

	private void startHaproxy(Path binary, int front) throws Exception {
		StringBuilder servers = new StringBuilder();
		for (Instance instance : instances) {
			servers.append("    server ")
				.append(instance.name())
				.append(" 127.0.0.1:")
				.append(instance.port())
				.append(" port ")
				.append(instance.managementPort())
				.append('\n');
		}
		Path config = directory.resolve("haproxy.cfg");
		Files.writeString(config, """
				global
				    maxconn 512
				defaults
				    mode http
				    timeout connect 1s
				    timeout client 30s
				    timeout server 30s
				    timeout http-keep-alive 10s
				    retries 3
				    option redispatch 1
				    retry-on conn-failure empty-response response-timeout
				frontend www
				    bind 127.0.0.1:%d
				    default_backend webserv
				backend webserv
				    balance roundrobin
				    option httpchk
				    http-check send meth GET uri /actuator/health/readiness ver HTTP/1.1 hdr Host localhost
				    http-check expect status 200
				    # checks go to each instance's management port (no PROXY header there)
				    default-server send-proxy-v2 check inter 200ms fall 1 rise 2
				%s""".formatted(front, servers), StandardCharsets.US_ASCII);
		haproxy = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(directory.resolve("haproxy.log").toFile())
			.start();
	}

	/**
	 * Waits until every instance has answered /who through HAProxy; the probe that asked.
	 */
	private LoadGenerator awaitInPool(int front) throws Exception {
		LoadGenerator probe = new LoadGenerator(front);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		java.util.Set<String> seen = new java.util.HashSet<>();
		while (seen.size() < INSTANCES) {
			if (System.nanoTime() > deadline || !haproxy.isAlive()) {
				fail("not every instance is in HAProxy's pool: " + seen + "\n" + haproxyLog());
			}
			try {
				seen.add(probe.servedBy());
			}
			catch (IOException | AssertionError notYet) {
				Thread.sleep(50); // HAProxy not listening, or no server up yet (503)
			}
		}
		return probe;
	}

	private String haproxyLog() throws IOException {
		return Files.readString(directory.resolve("haproxy.log"));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Debian's haproxy; under CI (.ci/run installs it) its absence fails, elsewhere it
	 * skips.
	 */
	private static Path haproxyBinary() {
		String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
		for (String entry : path.split(File.pathSeparator)) {
			if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "haproxy"))) {
				return Path.of(entry, "haproxy");
			}
		}
		String message = "haproxy is not on the PATH: apt-get install -y haproxy (.ci/run does this)";
		if (System.getenv("CI") != null) {
			fail(message);
		}
		Assumptions.abort(message);
		return null;
	}

}
