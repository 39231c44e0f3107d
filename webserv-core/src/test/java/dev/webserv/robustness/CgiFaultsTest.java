package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;

/**
 * CGI scripts that crash mid-output, hang, or flood their output, and clients that vanish
 * on them. After each: no child process left, and fds and threads back to their baseline
 * once the server stops.
 */
class CgiFaultsTest {

	private static final long FLOOD = 64L << 20;

	private static final Duration SETTLE = Duration.ofSeconds(15);

	/**
	 * Threads and descriptors that outlive a server by design: the JDK's process reapers
	 * (idle for 60 s before they end) and TestSite's shared HttpClient. webserv's own CGI
	 * threads end with the server.
	 */
	private static final java.util.List<String> PROCESS_WIDE = java.util.List.of("process reaper", "HttpClient-",
			"anon_inode:[eventfd]", "anon_inode:[eventpoll]");

	@TempDir
	Path temp;

	private Resources.Snapshot beforeStart;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path www = Files.createDirectories(temp.resolve("www"));
		Path bin = Files.createDirectories(www.resolve("cgi-bin"));
		script(bin, "crash.sh", "printf 'Content-Type: text/plain\\n\\n'; printf 'partial output'; kill -SEGV $$");
		script(bin, "crash-early.sh", "printf 'Content-Ty'; kill -SEGV $$");
		script(bin, "hang.sh", "sleep 300 & wait");
		script(bin, "flood.sh",
				"printf 'Content-Type: application/octet-stream\\n\\n'; head -c " + FLOOD + " /dev/zero");
		beforeStart = Resources.snapshot();
		site = TestSite.start(s -> s.root(www).location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()),
				Limits.DEFAULTS, Timeouts.DEFAULTS.withCgi(Duration.ofSeconds(2)).withWrite(Duration.ofSeconds(2)));
	}

	@AfterEach
	void leaksNothing(TestInfo test) {
		Await.until(SETTLE, "no CGI process left", () -> ProcessHandle.current().descendants().count(), n -> n == 0);
		Await.until(SETTLE, "every connection closed", () -> site.server().statistics().connections(), n -> n == 0);
		site.close();
		int leaked = Resources.awaitBaseline(beforeStart, SETTLE, PROCESS_WIDE);
		Figures.record("cgi faults", test.getTestMethod().orElseThrow().getName() + ": fds leaked", leaked);
	}

	@Test
	void aScriptThatCrashesBeforeItsHeadersIsA502() throws Exception {
		try (RawClient raw = new RawClient(site.server().port())) {
			assertThat(raw.send("GET /cgi-bin/crash-early.sh HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
				.isEqualTo(502);
		}
	}

	@Test
	void aScriptThatCrashesMidBodyNeverLooksLikeACompleteResponse() throws Exception {
		try (RawClient raw = new RawClient(site.server().port())) {
			raw.send("GET /cgi-bin/crash.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			String all = raw.readToEnd();
			if (all.startsWith("HTTP/1.1 200 ")) {
				// the head had left: the body must end without the last chunk, and the
				// connection close
				assertThat(all).contains("Transfer-Encoding: chunked").doesNotEndWith("0\r\n\r\n");
			}
			else {
				assertThat(all).startsWith("HTTP/1.1 502 ");
			}
		}
	}

	@Test
	void aScriptThatHangsIsKilledAtTheTimeoutWith504() throws Exception {
		try (RawClient raw = new RawClient(site.server().port(), 10_000)) {
			assertThat(raw.send("GET /cgi-bin/hang.sh HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(504);
		}
	}

	@Test
	void aHangingScriptWhoseClientResetsIsKilled() throws Exception {
		for (int i = 0; i < 5; i++) {
			RawClient raw = new RawClient(site.server().port());
			raw.send("GET /cgi-bin/hang.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			Await.until(Duration.ofSeconds(5), "the script running",
					() -> ProcessHandle.current().descendants().findAny().isPresent());
			reset(raw.socket());
		}
	}

	@Test
	void aFloodingScriptReachesAReaderInFullWithBoundedHeap() throws Exception {
		long heapBefore = Resources.heapAfterGc();
		long peak = 0;
		try (RawClient raw = new RawClient(site.server().port(), 20_000)) {
			raw.send("GET /cgi-bin/flood.sh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			InputStream in = raw.socket().getInputStream();
			byte[] buffer = new byte[256 * 1024];
			long total = 0;
			int read;
			int reads = 0;
			while ((read = in.read(buffer)) > 0) {
				total += read;
				if (++reads % 200 == 0) {
					peak = Math.max(peak, Resources.heapAfterGc() - heapBefore);
				}
			}
			assertThat(total).as("head, chunk framing and every byte").isGreaterThan(FLOOD);
		}
		assertThat(peak).as("heap growth while streaming " + FLOOD + " bytes").isLessThan(32L << 20);
	}

	@Test
	void aFloodingScriptWhoseClientResetsIsKilled() throws Exception {
		for (int i = 0; i < 5; i++) {
			RawClient raw = new RawClient(site.server().port());
			raw.send("GET /cgi-bin/flood.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.socket().getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
			reset(raw.socket());
		}
	}

	@Test
	void aFloodingScriptWhoseClientStopsReadingIsKilledAtTheWriteTimeout() throws Exception {
		try (RawClient raw = new RawClient(site.server().port())) {
			raw.socket().setReceiveBufferSize(4096);
			raw.send("GET /cgi-bin/flood.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			Await.until(Duration.ofSeconds(15), "closed by the write timeout",
					() -> site.server().statistics().connections(), n -> n == 0);
		}
	}

	private static void script(Path directory, String name, String body) throws IOException {
		Path file = directory.resolve(name);
		Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
		file.toFile().setExecutable(true);
	}

	private static void reset(Socket socket) throws IOException {
		socket.setSoLinger(true, 0);
		socket.close();
	}

}
