package dev.webserv.robustness;

import dev.webserv.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * The server's own blocking work runs on its internal I/O executor, never queued behind
 * handlers: with every worker busy and 200 slow handlers waiting, an upload spilled to
 * disk and a stream download on other connections are served at once.
 */
class InternalIoTest {

	private static final int SLOW_HANDLERS = 200;

	private static final int WORKERS = 16;

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@Test
	void slowHandlersStallNeitherASpilledUploadNorAStreamDownload() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger entered = new AtomicInteger();
		Webserv server = TestServers.start(site -> site.route("GET", "/slow", request -> {
			entered.incrementAndGet();
			release.await(60, TimeUnit.SECONDS);
			return Response.ok("slow");
		})
			.route("POST", "/upload",
					Handler.nonBlocking(request -> Response.ok(Long.toString(request.body().length()))))
			.route("GET", "/download", Handler.nonBlocking(
					request -> Response.status(200).body(new ByteArrayInputStream(new byte[4 * 1024 * 1024]), -1))),
				config -> config.virtualThreads(false).workerThreads(WORKERS));
		List<RawClient> slow = new ArrayList<>();
		try {
			for (int i = 0; i < SLOW_HANDLERS; i++) {
				slow.add(new RawClient(server.port(), 60_000).send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
			}
			// both counts in one look, and the handlers that started: a worker that took
			// a task is counted queued, then running, so the two are never read apart
			Await.until(DEADLINE, "every worker busy in a handler, the rest queued",
					() -> entered.get() == WORKERS && server.statistics().handlersRunning() == WORKERS
							&& server.statistics().handlersQueued() == SLOW_HANDLERS - WORKERS);
			HttpClient client = HttpClient.newHttpClient();
			byte[] upload = new byte[900 * 1024]; // past the 64 KiB memory threshold:
													// spilled

			HttpResponse<String> uploaded = client.send(TestServers.request(server, "/upload")
				.timeout(DEADLINE)
				.POST(BodyPublishers.ofByteArray(upload))
				.build(), BodyHandlers.ofString());
			HttpResponse<byte[]> downloaded = client
				.send(TestServers.request(server, "/download").timeout(DEADLINE).build(), BodyHandlers.ofByteArray());

			assertThat(uploaded.statusCode()).isEqualTo(200);
			assertThat(uploaded.body()).isEqualTo(Integer.toString(upload.length));
			assertThat(downloaded.statusCode()).isEqualTo(200);
			assertThat(downloaded.body()).hasSize(4 * 1024 * 1024);
			assertThat(server.statistics().handlersQueued()).as("the slow handlers still wait")
				.isEqualTo(SLOW_HANDLERS - WORKERS);
			assertThat(entered).as("no other handler started").hasValue(WORKERS);
		}
		finally {
			release.countDown();
			for (RawClient client : slow) {
				client.close();
			}
			server.stop();
		}
	}

}
