package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;

/**
 * {@code stop()} while CGI scripts are in every state at once: streaming to a reader,
 * silent before their headers, flooding a client that does not read, not reading a
 * request body, exited with a child holding stdout, done with stdout but running on. No
 * process, descriptor or server thread may outlive the server.
 */
class CgiStopTest {

	private static final List<String> PROCESS_WIDE = List.of("process reaper", "HttpClient-", "anon_inode:[eventfd]",
			"anon_inode:[eventpoll]");

	@TempDir
	Path temp;

	@Test
	void stopWithScriptsInEveryStateLeavesNothing() throws Exception {
		Path www = Files.createDirectories(temp.resolve("www"));
		Path bin = Files.createDirectories(www.resolve("cgi-bin"));
		script(bin, "stream.sh", "printf 'Content-Type: text/plain\\n\\n'; while :; do echo x; sleep 0.05; done");
		script(bin, "silent.sh", "sleep 300");
		script(bin, "flood.sh", "printf 'Content-Type: text/plain\\n\\n'; exec cat /dev/zero");
		script(bin, "nostdin.sh", "sleep 300");
		script(bin, "orphan.sh", "printf 'Content-Type: text/plain\\n\\nstart\\n'; sh -c 'sleep 300' & exit 0");
		script(bin, "closed.sh", "printf 'Content-Type: text/plain\\n\\nstart\\n'; exec >&-; sleep 300");
		Resources.Snapshot before = Resources.snapshot();
		TestSite site = TestSite.start(
				s -> s.root(www).location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()),
				Limits.DEFAULTS.withMaxCgiProcesses(16), Timeouts.DEFAULTS.withCgi(Duration.ofSeconds(60)));
		List<RawClient> clients = new ArrayList<>();
		try {
			for (String name : List.of("stream.sh", "silent.sh", "flood.sh", "orphan.sh", "closed.sh")) {
				RawClient client = new RawClient(site.server().port(), 30_000);
				client.socket().setReceiveBufferSize(4096);
				client.send("GET /cgi-bin/" + name + " HTTP/1.1\r\nHost: x\r\n\r\n");
				clients.add(client);
			}
			RawClient upload = new RawClient(site.server().port(), 30_000);
			byte[] body = new byte[512 * 1024];
			upload.send("POST /cgi-bin/nostdin.sh HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
			upload.send(body);
			clients.add(upload);
			Await.until(Duration.ofSeconds(10), "six scripts running", () -> site.server().statistics().cgiProcesses(),
					n -> n == 6);
			site.close();
			Await.until(Duration.ofSeconds(15), "no CGI process left",
					() -> ProcessHandle.current()
						.descendants()
						.map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
						.toList(),
					List::isEmpty);
		}
		finally {
			for (RawClient client : clients) {
				client.close();
			}
		}
		int leaked = Resources.awaitBaseline(before, Duration.ofSeconds(15), PROCESS_WIDE);
		assertThat(leaked).isZero();
	}

	private static void script(Path directory, String name, String body) throws IOException {
		Path file = directory.resolve(name);
		Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
		file.toFile().setExecutable(true);
	}

}
