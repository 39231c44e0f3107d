package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.config.Location;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * Each server owns its threads, executors and CGI processes: stopping one ends every
 * thread it started and leaves another serving; a CGI local redirect goes through the
 * very routes (and file caches) every request goes through.
 */
class ServerRuntimeTest {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path temp;

	@Test
	void stopEndsEveryThreadOfTheServerAndLeavesAnotherServing() throws Exception {
		Path root = siteWithScript("hello.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nhello from sh'\n");
		Webserv first = busyServer(root);
		Webserv second = busyServer(root);
		try {
			exercise(first);
			exercise(second);
			assertThat(threadsOf(first)).as("the first server's own threads")
				.anyMatch(name -> name.contains("-worker-"))
				.anyMatch(name -> name.contains("-io-"))
				.anyMatch(name -> name.contains("-cgi-watchdog-"))
				.anyMatch(name -> name.contains("-loop-"));
			assertThat(first.threadNamePrefix()).isNotEqualTo(second.threadNamePrefix());

			first.stop();

			Await.until(DEADLINE, "every thread of the stopped server ended", () -> threadsOf(first), List::isEmpty);
			assertThat(threadsOf(second)).isNotEmpty();
			exercise(second);
		}
		finally {
			first.stop();
			second.stop();
		}
		Await.until(DEADLINE, "every thread of the second server ended", () -> threadsOf(second), List::isEmpty);
	}

	@Test
	void servesACgiLocalRedirectThroughTheRoutesEveryRequestTakes() throws Exception {
		Path root = siteWithScript("redirect.sh", "printf 'Location: /docs/note\\r\\n\\r\\n'\n");
		Path docs = Files.createDirectories(root.resolve("docs"));
		Path plain = Files.writeString(docs.resolve("plain.txt"), "cached");
		Path html = Files.createLink(docs.resolve("page.html"), plain);
		Path note = Files.createSymbolicLink(docs.resolve("note"), plain.getFileName());
		Webserv server = TestServers.start(site -> site.root(root)
			.location(Location.builder("/").build())
			.location(Location.builder("/cgi-bin").cgi("sh", "sh").build()));
		try {
			assertThat(get(server, "/docs/note").headers().firstValue("Content-Type"))
				.hasValue("text/plain; charset=utf-8");
			// The link now leads to the same file under an HTML name: the routes' file
			// cache still knows it as it found it, a second copy of the routes would
			// look it up anew.
			Files.delete(note);
			Files.createSymbolicLink(note, html.getFileName());
			assertThat(get(server, "/docs/note").headers().firstValue("Content-Type"))
				.hasValue("text/plain; charset=utf-8");

			HttpResponse<String> redirected = get(server, "/cgi-bin/redirect.sh");

			assertThat(redirected.statusCode()).isEqualTo(200);
			assertThat(redirected.headers().firstValue("Content-Type")).as("served from the same file cache")
				.hasValue("text/plain; charset=utf-8");
		}
		finally {
			server.stop();
		}
	}

	@Test
	void deletesTheTemporaryFilesOfRequestsInFlightAtStop() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		AtomicReference<Path> spilled = new AtomicReference<>();
		Webserv server = TestServers.start(site -> site.route("POST", "/hold", request -> {
			spilled.set(request.body().file());
			entered.countDown();
			new CountDownLatch(1).await(); // until stop() interrupts it
			return Response.ok("never");
		}), config -> config.virtualThreads(false));
		try (RawClient client = new RawClient(server.port(), 20_000)) {
			byte[] body = new byte[256 * 1024]; // past the 64 KiB memory threshold
			client.send("POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n").send(body);
			assertThat(entered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(spilled.get()).exists();

			server.stop();

			Await.until(DEADLINE, "the spilled body deleted", () -> Files.exists(spilled.get()), exists -> !exists);
		}
		finally {
			server.stop();
		}
	}

	private Webserv busyServer(Path root) {
		return TestServers.start(
				site -> site.root(root)
					.route("GET", "/work", request -> Response.ok("worked"))
					.route("POST", "/upload",
							Handler.nonBlocking(request -> Response.ok(Long.toString(request.body().length()))))
					.route("GET", "/stream", Handler.nonBlocking(
							request -> Response.status(200).body(new ByteArrayInputStream(new byte[256 * 1024]), -1)))
					.location(Location.builder("/cgi-bin").cgi("sh", "sh").build()),
				config -> config.virtualThreads(false).workerThreads(4).limits(Limits.DEFAULTS));
	}

	/** Uses every executor: a worker, a spilled body, a stream body, a CGI script. */
	private void exercise(Webserv server) throws Exception {
		assertThat(get(server, "/work").body()).isEqualTo("worked");
		HttpResponse<String> upload = client.send(HttpRequest.newBuilder(uri(server, "/upload"))
			.POST(BodyPublishers.ofByteArray(new byte[512 * 1024]))
			.build(), BodyHandlers.ofString());
		assertThat(upload.body()).isEqualTo(Integer.toString(512 * 1024));
		assertThat(
				client.send(HttpRequest.newBuilder(uri(server, "/stream")).build(), BodyHandlers.ofByteArray()).body())
			.hasSize(256 * 1024);
		assertThat(get(server, "/cgi-bin/hello.sh").body()).isEqualTo("hello from sh");
	}

	private Path siteWithScript(String name, String body) throws IOException {
		Path root = Files.createTempDirectory(temp, "site-");
		Path script = Files.createDirectories(root.resolve("cgi-bin")).resolve(name);
		Files.writeString(script, body, StandardCharsets.US_ASCII);
		return root;
	}

	private HttpResponse<String> get(Webserv server, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(uri(server, path)).timeout(DEADLINE).build(),
				BodyHandlers.ofString());
	}

	private static URI uri(Webserv server, String path) {
		return TestServers.uri(server, path);
	}

	private static List<String> threadsOf(Webserv server) {
		return Resources.threadNames().stream().filter(name -> name.startsWith(server.threadNamePrefix())).toList();
	}

}
