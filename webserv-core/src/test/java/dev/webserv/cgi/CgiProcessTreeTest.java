package dev.webserv.cgi;

import static dev.webserv.cgi.CgiScripts.await;
import static dev.webserv.cgi.CgiScripts.pid;
import static dev.webserv.cgi.CgiScripts.running;
import static dev.webserv.cgi.CgiScripts.script;
import static dev.webserv.cgi.CgiScripts.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.config.Timeouts;
import dev.webserv.handler.TestSite;
import dev.webserv.testing.RawClient;

/**
 * Children that outlive their script: they hold its slot, die at its deadline and at
 * stop, and no CGI process is ever killed on an event loop.
 */
class CgiProcessTreeTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private Path bin;

	private TestSite site;

	private final List<RawClient> clients = new ArrayList<>();

	private TestSite start(Duration cgiTimeout) throws IOException {
		Path www = Files.createDirectories(temp.resolve("www"));
		bin = Files.createDirectories(www.resolve("cgi-bin"));
		// the script exits at once; its child keeps stdout open, quiet, for 30 s
		script(bin, "orphan.sh", "echo $$ > script.pid; printf 'Content-Type: text/plain\\n\\n'; echo start; "
				+ "sh -c 'echo $$ > child.pid; sleep 30; echo late' & exit 0");
		// the child leaves the script's session, as a daemon does, and keeps stdout
		script(bin, "daemon.sh", "printf 'Content-Type: text/plain\\n\\n'; echo start; "
				+ "setsid sh -c 'echo $$ > daemon.pid; exec sleep 30' & exit 0");
		script(bin, "hello.sh", "printf 'Content-Type: text/plain\\n\\nhello\\n'");
		script(bin, "silent.sh", "sleep 30");
		script(bin, "flood.sh", "printf 'Content-Type: text/plain\\n\\n'; exec cat /dev/zero");
		script(bin, "redirect.sh", "printf 'Location: /cgi-bin/hello.sh\\n\\n'; sleep 30");
		site = TestSite.start(s -> s.root(www).location(Location.builder("/cgi-bin").cgi(".sh", "/bin/sh").build()),
				Limits.DEFAULTS.withMaxCgiProcesses(1), Timeouts.DEFAULTS.withCgi(cgiTimeout));
		return site;
	}

	@AfterEach
	void stop() throws IOException {
		for (RawClient client : clients) {
			client.close();
		}
		if (site != null) {
			site.close();
		}
	}

	@Test
	void aChildThatOutlivesItsScriptHoldsTheSlotAndDiesAtTheDeadline() throws Exception {
		start(Duration.ofSeconds(2));
		RawClient client = request("GET /cgi-bin/orphan.sh HTTP/1.1\r\nHost: x\r\n\r\n");
		long script = pid(bin.resolve("script.pid"));
		long child = pid(bin.resolve("child.pid"));
		await(WAIT, "the script exited", () -> !running(script));

		assertThat(running(child)).as("the child, after its script exited").isTrue();
		assertThat(site.server().statistics().cgiProcesses()).as("slots taken").isEqualTo(1);
		assertThat(site.rawGet("/cgi-bin/hello.sh").status()).as("past max-cgi-processes").isEqualTo(503);

		String all = client.readToEnd();
		assertThat(all).startsWith("HTTP/1.1 200 ")
			.contains("start\n")
			.doesNotContain("late")
			.doesNotEndWith("0\r\n\r\n");
		await(WAIT, "the child killed", () -> !running(child));
		await(WAIT, "the script's session empty", () -> session(script).isEmpty());
		await(WAIT, "the slot given back", () -> site.server().statistics().cgiProcesses() == 0);
		assertThat(site.rawGet("/cgi-bin/hello.sh").status()).isEqualTo(200);
	}

	@Test
	void stopKillsTheChildrenOfAScriptThatHasExited() throws Exception {
		start(Duration.ofSeconds(30));
		request("GET /cgi-bin/orphan.sh HTTP/1.1\r\nHost: x\r\n\r\n");
		long script = pid(bin.resolve("script.pid"));
		long child = pid(bin.resolve("child.pid"));
		await(WAIT, "the script exited", () -> !running(script));

		site.close();
		site = null;

		await(WAIT, "the child killed by stop", () -> !running(child));
		await(WAIT, "the script's session empty", () -> session(script).isEmpty());
	}

	@Test
	void aDaemonThatEscapesTheKillCostsItsScriptTheSlotOnlyUntilASecondTimeout() throws Exception {
		start(Duration.ofSeconds(1));
		RawClient client = request("GET /cgi-bin/daemon.sh HTTP/1.1\r\nHost: x\r\n\r\n");
		long daemon = pid(bin.resolve("daemon.pid"));
		try {
			String all = client.readToEnd();

			assertThat(all).startsWith("HTTP/1.1 200 ").contains("start\n").doesNotEndWith("0\r\n\r\n");
			await(WAIT, "the slot given back", () -> site.server().statistics().cgiProcesses() == 0);
			assertThat(site.rawGet("/cgi-bin/hello.sh").status()).isEqualTo(200);
			assertThat(running(daemon)).as("the daemon, out of reach").isTrue();
		}
		finally {
			ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	@Test
	void noCgiProcessIsKilledOnAnEventLoop() throws Exception {
		start(Duration.ofSeconds(1));
		try (CgiScripts.Log log = new CgiScripts.Log()) {
			// the client resets in the middle of the body
			RawClient reset = request("GET /cgi-bin/flood.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(reset.socket().getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
			reset(reset.socket());
			awaitKills(log, 1);
			// HEAD: the body is never read
			assertThat(site.raw("HEAD /cgi-bin/flood.sh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
				.isEqualTo(200);
			awaitKills(log, 2);
			// a local redirect: the script's body is not wanted
			assertThat(site.rawGet("/cgi-bin/redirect.sh").dechunked()).isEqualTo("hello\n");
			awaitKills(log, 3);
			// the deadline
			request("GET /cgi-bin/orphan.sh HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd();
			awaitKills(log, 4);

			CgiScripts.Log.assertNoneOnALoop(log.killers());
		}
	}

	@Test
	void aClientThatLeavesBeforeTheHeadersIsNotBlamedOnTheScript() throws Exception {
		start(Duration.ofSeconds(30));
		try (CgiScripts.Log log = new CgiScripts.Log()) {
			RawClient client = request("GET /cgi-bin/silent.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			await(WAIT, "the script running", () -> site.server().statistics().cgiProcesses() == 1);
			reset(client.socket());
			awaitKills(log, 1);

			// it was logged as "bad output, answered 502" at WARNING, once per client
			// that left
			assertThat(log.messages()).noneMatch(message -> message.contains("bad output"));
		}
	}

	private void awaitKills(CgiScripts.Log log, int count) {
		await(WAIT, count + " process trees killed (seen: " + log.killers() + ")",
				() -> log.killers().size() >= count && site.server().statistics().cgiProcesses() == 0);
	}

	private RawClient request(String request) throws IOException {
		RawClient client = new RawClient(site.server().port(), 20_000);
		clients.add(client);
		client.send(request);
		return client;
	}

	private static void reset(Socket socket) throws IOException {
		socket.setSoLinger(true, 0);
		socket.close();
	}

}
