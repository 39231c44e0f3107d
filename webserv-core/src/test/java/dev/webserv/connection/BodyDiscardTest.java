package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.TestServers;

/**
 * An exchange's body is deleted off the loop only when it holds a file: a request with no
 * file to delete costs no hand-off to another thread (one per request was the largest
 * single cost of the one-connection path), and one that holds a file still has it
 * deleted.
 */
class BodyDiscardTest {

	private final AtomicInteger ioTasks = new AtomicInteger();

	private final ExecutorService io = new ThreadPoolExecutor(1, 4, 30, java.util.concurrent.TimeUnit.SECONDS,
			new java.util.concurrent.LinkedBlockingQueue<>(), Executors.defaultThreadFactory()) {

		@Override
		public void execute(Runnable command) {
			ioTasks.incrementAndGet();
			super.execute(command);
		}

	};

	private final List<Path> files = new CopyOnWriteArrayList<>();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
		io.shutdownNow();
	}

	@Test
	void requestsWithNoFileToDeleteHandNothingToAnotherThread() throws Exception {
		start();
		HttpClient client = HttpClient.newHttpClient();
		for (int i = 0; i < 50; i++) {
			assertThat(client.send(TestServers.request(server, "/hello").build(), BodyHandlers.ofString()).body())
				.isEqualTo("hi");
			assertThat(client
				.send(TestServers.request(server, "/echo").POST(BodyPublishers.ofString("small")).build(),
						BodyHandlers.ofString())
				.body()).isEqualTo("small");
		}

		assertThat(ioTasks).as("tasks given to the I/O executor").hasValue(0);
	}

	@Test
	void aBodyAskedForAsAFileIsStillDeletedWhenTheExchangeEnds() throws Exception {
		start();
		HttpClient client = HttpClient.newHttpClient();

		assertThat(client
			.send(TestServers.request(server, "/file").POST(BodyPublishers.ofString("small")).build(),
					BodyHandlers.ofString())
			.body()).isEqualTo("small");

		assertThat(files).hasSize(1);
		Await.until("the body's file deleted", () -> !Files.exists(files.get(0)));
		assertThat(ioTasks.get()).isPositive();
	}

	private void start() {
		server = TestServers.start(s -> s.route("GET", "/hello", r -> Response.ok("hi"))
			.route("POST", "/echo", r -> Response.ok(r.body().string()))
			.route("POST", "/file", r -> {
				Path file = r.body().file();
				files.add(file);
				return Response.ok(Files.readString(file));
			}), config -> config.ioExecutor(io));
	}

}
