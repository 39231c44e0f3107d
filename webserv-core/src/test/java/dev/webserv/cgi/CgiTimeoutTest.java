package dev.webserv.cgi;

import static dev.webserv.cgi.CgiScripts.await;
import static dev.webserv.cgi.CgiScripts.pid;
import static dev.webserv.cgi.CgiScripts.running;
import static dev.webserv.cgi.CgiScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.RawClient;

/**
 * The CGI timeout (1 s here) measures progress: a script that keeps writing is never cut,
 * one that falls silent is, a reader's slowness is not counted against the script, and
 * the header section has the timeout from the start.
 */
class CgiTimeoutTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final long BIG = 32L << 20;

	@TempDir
	Path temp;

	private Path bin;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path www = Files.createDirectories(temp.resolve("www"));
		bin = Files.createDirectories(www.resolve("cgi-bin"));
		script(bin, "steady.sh", "printf 'Content-Type: text/plain\\n\\n'; "
				+ "for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i; sleep 0.3; done");
		script(bin, "stalls.sh",
				"printf 'Content-Type: text/plain\\n\\n'; echo first; sh -c 'echo $$ > stalls.pid; exec sleep 30'");
		script(bin, "slowheaders.sh", "while :; do echo 'X-Part: more'; sleep 0.3; done");
		script(bin, "big.sh", "printf 'Content-Type: application/octet-stream\\n\\n'; head -c " + BIG + " /dev/zero");
		// no write-rate check: the reader's pause under test is its right
		site = TestSite.start(s -> s.root(www).location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()),
				Limits.DEFAULTS, Timeouts.DEFAULTS.withCgi(TIMEOUT).withMinWriteRate(0));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void aScriptThatWritesALineEvery300MsRunsPastTheTimeoutAndArrivesWhole() {
		long started = System.nanoTime();
		HttpResponse<String> response = site.get("/cgi-bin/steady.sh");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("line 1\n").endsWith("line 10\n").hasLineCount(10);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(TIMEOUT.multipliedBy(2));
	}

	@Test
	void aScriptThatFallsSilentMidBodyIsKilledAndItsResponseCut() throws Exception {
		try (RawClient client = new RawClient(site.server().port(), 20_000)) {
			long started = System.nanoTime();
			String all = client.send("GET /cgi-bin/stalls.sh HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd();

			assertThat(all).startsWith("HTTP/1.1 200 ").contains("first\n").doesNotEndWith("0\r\n\r\n");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
		long sleeper = pid(bin.resolve("stalls.pid"));
		await(Duration.ofSeconds(10), "the silent child killed", () -> !running(sleeper));
	}

	@Test
	void aScriptStillSendingHeadersAtTheTimeoutIsAnswered504() {
		long started = System.nanoTime();
		HttpResponse<String> response = site.get("/cgi-bin/slowheaders.sh");

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT.minusMillis(100),
				Duration.ofSeconds(5));
	}

	@Test
	void aReaderThatPausesLongerThanTheTimeoutIsNotCountedAgainstTheScript() throws Exception {
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", site.server().port()), 5000);
			socket.setSoTimeout(20_000);
			socket.getOutputStream()
				.write("GET /cgi-bin/big.sh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
			// the script fills every buffer on the way and blocks; that is the client's
			// doing
			Thread.sleep(TIMEOUT.multipliedBy(5).toMillis());
			long total = 64 * 1024 + in.transferTo(java.io.OutputStream.nullOutputStream());
			assertThat(total).as("head, chunk framing and every byte").isGreaterThan(BIG);
			assertThat(total).isLessThan(BIG + 64 * 1024);
		}
	}

}
