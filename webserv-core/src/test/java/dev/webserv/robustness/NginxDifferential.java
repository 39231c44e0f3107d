package dev.webserv.robustness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.webserv.robustness.SmugglingCases.Case;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;

/**
 * Sends every row of {@link SmugglingCases} to nginx and writes what it answers next to
 * what webserv answers, as the Markdown table of docs/robustness.md
 * ({@code target/nginx-differential.md}). Run by hand, never in the build (its name does
 * not end in Test, so Surefire skips it):
 *
 * <pre>./mvnw -pl webserv-core test -Dtest=NginxDifferential -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * nginx listens on 127.0.0.1 only, from a temporary prefix, with the same two locations
 * as the webserv server of {@link SmugglingTest}: "/" and "/pipelined", and a 1 KiB body
 * limit.
 */
class NginxDifferential {

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	@Test
	void writeTheDifferentialTable() throws Exception {
		if (!Files.isExecutable(NGINX)) {
			System.out.println("no nginx at " + NGINX + ": nothing to compare");
			return;
		}
		Path prefix = Files.createTempDirectory("nginx-differential-");
		int port = freePort();
		Files.writeString(prefix.resolve("nginx.conf"), config(prefix, port));
		Process nginx = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c",
				prefix.resolve("nginx.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("stdout.log").toFile())
			.start();
		try {
			Await.until(Duration.ofSeconds(10), "nginx listening", () -> listening(port));
			List<String> rows = new ArrayList<>();
			int same = 0;
			for (Case c : SmugglingCases.all()) {
				String webserv = describe(c.statuses(), c.closes(), c.probeServed());
				String theirs = ask(port, c);
				if (webserv.equals(theirs)) {
					same++;
				}
				rows.add("| " + c.group() + " | `" + c.id() + "` | " + webserv + " | " + theirs + " | "
						+ (webserv.equals(theirs) ? "same" : "**differs**") + " |");
			}
			StringBuilder table = new StringBuilder();
			table.append(version())
				.append(": ")
				.append(same)
				.append(" of ")
				.append(rows.size())
				.append(" cases answered the same\n\n");
			table.append("| group | case | webserv | nginx | |\n| --- | --- | --- | --- | --- |\n");
			rows.forEach(row -> table.append(row).append('\n'));
			Path out = Path.of("target", "nginx-differential.md");
			Files.createDirectories(out.getParent());
			Files.writeString(out, table);
			System.out.println(table);
		}
		finally {
			nginx.destroy();
			nginx.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Statuses in order, then "close" or "open", then "probe served" when it was. */
	private static String describe(List<Integer> statuses, boolean closes, boolean probe) {
		List<String> parts = new ArrayList<>();
		statuses.forEach(status -> parts.add(String.valueOf(status)));
		if (probe) {
			parts.add("probe 200");
		}
		parts.add(closes ? "close" : "open");
		return String.join(", ", parts);
	}

	private static String ask(int port, Case c) throws IOException {
		List<Integer> statuses = new ArrayList<>();
		boolean probe = false;
		boolean closed = false;
		try (RawClient raw = new RawClient(port, 1500)) {
			raw.send((c.wire() + SmugglingCases.PROBE).getBytes(StandardCharsets.ISO_8859_1));
			for (int i = 0; i < 6 && !closed; i++) {
				try {
					RawClient.RawResponse response = raw.read();
					if (response.bodyText().equals("pipelined")) {
						probe = true;
					}
					else {
						statuses.add(response.status());
					}
				}
				catch (SocketTimeoutException open) {
					break;
				}
				catch (IOException end) {
					closed = true;
				}
				catch (RuntimeException notHttp) {
					return "a reply without status line (HTTP/0.9)";
				}
			}
		}
		catch (IOException refused) {
			return "error: " + refused.getMessage();
		}
		return describe(statuses, closed, probe);
	}

	private static String config(Path prefix, int port) {
		return """
				daemon off;
				master_process off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events { worker_connections 64; }
				http {
				    access_log off;
				    client_body_temp_path %1$s/body;
				    client_max_body_size 1k;
				    server {
				        listen 127.0.0.1:%2$d;
				        location = / { return 200 "root"; }
				        location = /pipelined { return 200 "pipelined"; }
				    }
				}
				""".formatted(prefix, port);
	}

	private static String version() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(NGINX.toString(), "-v").redirectErrorStream(true).start();
		String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		process.waitFor();
		return text.replace("nginx version: ", "");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

}
