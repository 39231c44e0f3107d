package dev.webserv.cgi;

import static dev.webserv.cgi.CgiScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Request;
import dev.webserv.Webserv;
import dev.webserv.config.Route;
import dev.webserv.files.FileMapping;
import dev.webserv.runtime.Workers;
import dev.webserv.testing.Await;
import dev.webserv.testing.TestServers;

/**
 * A CGI request that fails while its script is being started gives its process slot back,
 * whatever it throws; once the server has begun to stop, no script starts. The scripts
 * run through a {@link CgiHandler} mounted on a route of a real server, with a process
 * cap of one, so one leaked slot refuses every later script with 503.
 */
class CgiStartFailureTest {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@TempDir
	Path temp;

	private Path bin;

	private final ExecutorService pool = Executors.newCachedThreadPool(Workers.daemonThreads("test-pipes-"));

	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

	/** The executor the pipe threads run on, swapped by a test to one that fails. */
	private final AtomicReference<ExecutorService> pipes = new AtomicReference<>(pool);

	private CgiProcesses processes;

	private Webserv server;

	@BeforeEach
	void start() throws IOException {
		Path www = Files.createDirectories(temp.resolve("www"));
		bin = Files.createDirectories(www.resolve("cgi-bin"));
		script(bin, "hello.sh", "printf 'Content-Type: text/plain\\n\\nhello\\n'");
		script(bin, "pid.sh", "echo $$ > started.pid; printf 'Content-Type: text/plain\\n\\n'; exec sleep 30");
		processes = new CgiProcesses(1, Duration.ofSeconds(5), pipes::get, () -> watchdog);
		CgiHandler cgi = new CgiHandler(FileMapping.root(www), Map.of(".sh", "/bin/sh"), processes, "webserv",
				LocalRedirect.REFUSED, false);
		server = TestServers.start(s -> s.route(Route.any("/cgi-bin/{script}",
				request -> cgi.handle(request.header("X-Bad-Host") == null ? request : withNulInHost(request)))));
	}

	/**
	 * The request as a handler in front might pass it on: a host holding a NUL, which the
	 * process environment refuses (IllegalArgumentException).
	 */
	private static Request withNulInHost(Request request) {
		return request.withClient(request.remoteAddress(), "http", "bad\0host", 80);
	}

	@AfterEach
	void stop() {
		server.stop();
		processes.killAll();
		pool.shutdownNow();
		watchdog.shutdownNow();
	}

	@Test
	void anEnvironmentThatCannotBeBuiltCostsNoSlot() {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/cgi-bin/hello.sh", true).statusCode()).isEqualTo(500);
		}

		assertThat(processes.running()).isZero();
		HttpResponse<String> response = get("/cgi-bin/hello.sh", false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello\n");
	}

	@Test
	void anExecutorThatRejectsThePipesCostsNoSlot() {
		ExecutorService stopped = Executors.newSingleThreadExecutor();
		stopped.shutdown();
		pipes.set(stopped);
		for (int i = 0; i < 3; i++) {
			assertThat(get("/cgi-bin/hello.sh", false).statusCode()).isEqualTo(502);
		}
		pipes.set(pool);

		assertThat(processes.running()).isZero();
		assertThat(get("/cgi-bin/hello.sh", false).statusCode()).isEqualTo(200);
	}

	@Test
	void noThreadForThePipesCostsNoSlotAndLeavesNoScript() {
		NoThreads noThreads = new NoThreads();
		pipes.set(noThreads);
		// the Error is fatal to the handler's task (no answer until its timeout), not to
		// the slot
		CompletableFuture<HttpResponse<String>> failing = CLIENT
			.sendAsync(TestServers.request(server, "/cgi-bin/pid.sh").build(), HttpResponse.BodyHandlers.ofString());
		Await.until(Duration.ofSeconds(5), "the pipe threads asked for", () -> noThreads.asked.get() > 0);
		Await.until(Duration.ofSeconds(3), "the slot given back", () -> processes.running() == 0);
		pipes.set(pool);

		assertThat(get("/cgi-bin/hello.sh", false).statusCode()).isEqualTo(200);
		// gated, the script never ran: it wrote no pid
		assertThat(bin.resolve("started.pid")).doesNotExist();
		failing.cancel(true);
	}

	@Test
	void noScriptStartsOnceTheServerStops() {
		processes.killAll(); // what Webserv.stop() does before it shuts the executors

		HttpResponse<String> response = get("/cgi-bin/pid.sh", false);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(processes.running()).isZero();
		assertThat(bin.resolve("started.pid")).doesNotExist();
	}

	private HttpResponse<String> get(String path, boolean badHost) {
		HttpRequest.Builder request = TestServers.request(server, path).timeout(Duration.ofSeconds(20));
		if (badHost) {
			request.header("X-Bad-Host", "1");
		}
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/**
	 * An executor that cannot make a thread, as a thread pool fails when the system has
	 * none left.
	 */
	private static final class NoThreads extends java.util.concurrent.AbstractExecutorService {

		final AtomicInteger asked = new AtomicInteger();

		@Override
		public void execute(Runnable command) {
			asked.incrementAndGet();
			throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
		}

		@Override
		public void shutdown() {
		}

		@Override
		public java.util.List<Runnable> shutdownNow() {
			return java.util.List.of();
		}

		@Override
		public boolean isShutdown() {
			return false;
		}

		@Override
		public boolean isTerminated() {
			return false;
		}

		@Override
		public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
			return true;
		}

	}

}
