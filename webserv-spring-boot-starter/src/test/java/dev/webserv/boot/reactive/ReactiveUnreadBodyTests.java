package dev.webserv.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;

/**
 * A handler that never reads a request body with more than 1 MiB still to come: the
 * exchange does not read it either, so the answer says {@code Connection: close} and the
 * connection closes after it (a difference from Reactor Netty, which reads and drops the
 * body and keeps the connection open; up to 1 MiB webserv drops it too, see
 * demo-webflux's WebFluxApplicationTests.aBodyTheApplicationIgnores). The answer must
 * still be whole, however much body the client is still sending.
 */
class ReactiveUnreadBodyTests {

	private WebServer webServer;

	@AfterEach
	void tearDown() {
		if (webServer != null) {
			webServer.stop();
			webServer.destroy();
		}
	}

	@Test
	void anIgnoredBodyStillGetsTheWholeAnswerThenTheConnectionCloses() throws Exception {
		webServer = new WebservReactiveWebServerFactory(0).getWebServer((request, response) -> {
			response.getHeaders().setContentLength(7);
			return response.writeWith(Mono.just(response.bufferFactory().wrap("ignored".getBytes())));
		});
		webServer.start();
		int bodySize = 4 * 1024 * 1024;
		try (Socket socket = new Socket("127.0.0.1", webServer.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + bodySize + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			// the body goes on being sent while the answer comes back; the server drains
			// it
			// after its answer rather than resetting the connection under the client
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				try {
					byte[] chunk = new byte[64 * 1024];
					for (int sent = 0; sent < bodySize; sent += chunk.length) {
						out.write(chunk);
					}
				}
				catch (IOException closedByTheServer) {
					// allowed once the answer is out
				}
			});
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 200 ")
				.containsIgnoringCase("\r\nConnection: close\r\n")
				.contains("\r\nContent-Length: 7\r\n")
				.endsWith("\r\n\r\nignored");
			sending.get(10, TimeUnit.SECONDS);
		}
	}

}
