package dev.webserv.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.Await;

/**
 * CGI scripts that misbehave, interpreters that are missing, and the limits on time and
 * processes.
 */
class CgiFailureTest {

	@TempDir
	Path temp;

	private Path www;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		www = TestSite.copyWww(temp);
		Files.copy(www.resolve("direct/run.cgi"), www.resolve("direct/noexec.cgi"));
		www.resolve("direct/noexec.cgi").toFile().setExecutable(false, false);
		site = TestSite.start(
				server -> server.root(www)
					.location(Location.builder("/cgi-bin").cgi(".py", "python3").cgi(".sh", "/bin/sh").build())
					.location(Location.builder("/docs").cgi(".txt", "no-such-interpreter-webserv").build())
					.location(Location.builder("/direct").cgi(".cgi", "").build()),
				Limits.DEFAULTS.withMaxCgiProcesses(1), Timeouts.DEFAULTS.withCgi(Duration.ofSeconds(1)));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void answersOutputThatIsNotCgiWith502() {
		HttpResponse<String> response = site.get("/cgi-bin/malformed.sh");

		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("502 Bad Gateway").doesNotContain("oops");
	}

	@Test
	void answersAScriptThatWritesNothingWith502() {
		assertThat(site.get("/cgi-bin/silent.sh").statusCode()).isEqualTo(502);
	}

	@Test
	void answersAMissingInterpreterWith502() {
		assertThat(site.get("/docs/readme.txt").statusCode()).isEqualTo(502);
	}

	@Test
	void runsAnExecutableScriptWithoutInterpreterAndRefusesOneThatIsNot() {
		HttpResponse<String> runs = site.get("/direct/run.cgi");

		assertThat(runs.statusCode()).isEqualTo(200);
		assertThat(runs.body()).isEqualTo("ran directly\n");
		// the one slot is given back once stderr has ended too, which may follow the
		// response by a moment (under load it did, and the next request got 503)
		await(() -> site.server().statistics().cgiProcesses() == 0);
		assertThat(site.get("/direct/noexec.cgi").statusCode()).isEqualTo(502);
	}

	@Test
	void killsAScriptAndItsChildAtTheTimeoutAndAnswers504() throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = site.get("/cgi-bin/slow.sh");
		long elapsed = System.nanoTime() - started;

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(Duration.ofNanos(elapsed)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
		long child = Long.parseLong(Files.readString(www.resolve("cgi-bin/slow.pid")).trim());
		await(() -> killed(child));
		await(() -> site.server().statistics().cgiProcesses() == 0);
	}

	@Test
	void answers503PastTheProcessLimit() throws Exception {
		CompletableFuture<Integer> slow = CompletableFuture
			.supplyAsync(() -> site.get("/cgi-bin/slow.sh").statusCode());
		await(() -> site.server().statistics().cgiProcesses() == 1);

		HttpResponse<String> refused = site.get("/cgi-bin/hello.sh");

		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(504);
		await(() -> site.server().statistics().cgiProcesses() == 0);
		assertThat(site.get("/cgi-bin/hello.sh").statusCode()).isEqualTo(200);
	}

	/**
	 * Whether a process is gone or a zombie (killed, waiting for init to reap it, which
	 * may take a while).
	 */
	private static boolean killed(long pid) {
		if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			return true;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
		}
		catch (IOException e) {
			return true;
		}
	}

	private static void await(BooleanSupplier condition) {
		Await.until("the condition", condition);
	}

}
