package dev.webserv.cgi;

import static dev.webserv.cgi.CgiScripts.heapAfterGc;
import static dev.webserv.cgi.CgiScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;

/**
 * What a script writes, over real sockets: stderr floods in bounded memory, output its
 * children write after it exited, and a Status it may not give.
 */
class CgiOutputTest {

	private static final long STDERR_FLOOD = 64L << 20;

	@TempDir
	Path temp;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path www = Files.createDirectories(temp.resolve("www"));
		Path bin = Files.createDirectories(www.resolve("cgi-bin"));
		script(bin, "stderrflood.sh", "printf 'Content-Type: text/plain\\n\\n'; echo start; head -c " + STDERR_FLOOD
				+ " /dev/zero >&2; echo end");
		script(bin, "chatty.sh",
				"printf 'Content-Type: text/plain\\n\\n'; i=0; while [ $i -lt 1000 ]; do echo \"line $i\" >&2; i=$((i+1)); done; echo done");
		script(bin, "latechild.sh",
				"printf 'Content-Type: text/plain\\n\\n'; echo from script; (sleep 0.5; echo from child) & exit 0");
		script(bin, "status100.sh", "printf 'Status: 100 Continue\\nContent-Type: text/plain\\n\\nscript-body\\n'");
		script(bin, "status101.sh",
				"printf 'Status: 101 Switching Protocols\\nUpgrade: websocket\\nContent-Type: text/plain\\n\\nscript-body\\n'");
		script(bin, "ctlheader.sh",
				"printf 'Content-Type: text/plain\\nX-Note: a\\001b\\033c\\177d\\n\\nscript-body\\n'");
		script(bin, "exit255.sh", "printf 'Content-Type: text/plain\\n\\ncomplete\\n'; exit 255");
		script(bin, "exit200.sh", "printf 'Content-Type: text/plain\\n\\ncomplete\\n'; exit 200");
		script(bin, "closesstdout.sh", "printf 'Content-Type: text/plain\\n\\ndone\\n'; exec >&-; sleep 30");
		script(bin, "tabheader.sh", "printf 'Content-Type: text/plain\\nX-Note: a\\tb \\351\\n\\nscript-body\\n'");
		site = TestSite.start(s -> s.root(www).location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()),
				Limits.DEFAULTS, Timeouts.DEFAULTS.withCgi(Duration.ofSeconds(5)));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void aStderrFloodWithoutNewlineIsDrainedInBoundedHeapAndTheResponseArrivesWhole() throws Exception {
		long before = heapAfterGc();
		AtomicLong peak = new AtomicLong();
		AtomicBoolean sampling = new AtomicBoolean(true);
		CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
			while (sampling.get()) {
				peak.accumulateAndGet(heapAfterGc() - before, Math::max);
				LockSupport.parkNanos(20_000_000); // a sample every 20 ms
			}
		});
		HttpResponse<String> response;
		try (CgiScripts.Log log = new CgiScripts.Log()) {
			response = site.get("/cgi-bin/stderrflood.sh");
			CgiScripts.await(Duration.ofSeconds(10), "the stderr line logged",
					() -> log.messages().stream().anyMatch(m -> m.contains("stderr")));
			List<String> logged = log.messages().stream().filter(m -> m.contains("stderr")).toList();
			assertThat(logged).hasSize(1);
			assertThat(logged.get(0)).hasSizeLessThan(ScriptErrors.MAX_LINE + 200)
				.contains("[line of " + STDERR_FLOOD + " bytes cut]");
		}
		finally {
			sampling.set(false);
			sampler.get(30, TimeUnit.SECONDS);
		}
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("start\nend\n");
		assertThat(peak.get()).as("heap growth while a script wrote " + STDERR_FLOOD + " bytes of stderr")
			.isLessThan(16L << 20);
	}

	@Test
	void stderrLoggingStopsAtItsCapAndSaysHowMuchItLeftOut() throws Exception {
		try (CgiScripts.Log log = new CgiScripts.Log()) {
			HttpResponse<String> response = site.get("/cgi-bin/chatty.sh");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("done\n");
			CgiScripts.await(Duration.ofSeconds(10), "the summary logged",
					() -> log.messages().stream().anyMatch(m -> m.contains("not logged")));
			List<String> lines = log.messages().stream().filter(m -> m.contains("stderr: line ")).toList();
			assertThat(lines).hasSize(ScriptErrors.MAX_LINES).first().asString().endsWith("stderr: line 0");
			assertThat(log.messages()).anyMatch(m -> m.endsWith("stderr: 900 more lines (7200 bytes) not logged"));
		}
	}

	@Test
	void outputAChildWritesAfterTheScriptExitedReachesTheClient() {
		HttpResponse<String> response = site.get("/cgi-bin/latechild.sh");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("from script\nfrom child\n");
	}

	@Test
	void aScriptThatGivesAnInterimStatusIsAnswered502() {
		for (String script : List.of("status100.sh", "status101.sh")) {
			TestSite.RawResponse response = site.rawGet("/cgi-bin/" + script);

			assertThat(response.status()).as(script).isEqualTo(502);
			assertThat(response.header("Upgrade")).isNull();
			assertThat(response.body()).doesNotContain("script-body");
		}
	}

	@Test
	void aHeaderValueWithControlCharactersIsAnswered502NotPassedOn() {
		// passed on, it made a response the JDK client refuses ("Invalid header value")
		HttpResponse<String> response = site.get("/cgi-bin/ctlheader.sh");

		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("X-Note")).isEmpty();
		assertThat(response.body()).doesNotContain("script-body");
	}

	@Test
	void anExitCodeNoSignalCouldGiveEndsTheOutputAsComplete() {
		// 255 is Perl's die and sh's exit -1; a signal death reads as 129-192 (128 +
		// 1-64)
		for (String script : List.of("exit255.sh", "exit200.sh")) {
			HttpResponse<String> response = site.get("/cgi-bin/" + script);

			assertThat(response.statusCode()).as(script).isEqualTo(200);
			assertThat(response.body()).as(script).isEqualTo("complete\n");
		}
	}

	@Test
	void aScriptThatClosesStdoutAndWorksOnIsAnsweredAtOnce() {
		// the old code waited a second for an exit that was not coming, to tell a crash
		long started = System.nanoTime();
		HttpResponse<String> response = site.get("/cgi-bin/closesstdout.sh");
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("done\n");
		assertThat(millis).as("ms to the whole response").isLessThan(900);
	}

	@Test
	void aHeaderValueWithATabOrObsTextPasses() {
		TestSite.RawResponse response = site.rawGet("/cgi-bin/tabheader.sh");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Note")).isEqualTo("a\tb \u00e9");
	}

}
