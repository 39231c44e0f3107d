package dev.webserv.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.AccessLog;
import dev.webserv.config.Timeouts;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;
import dev.webserv.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over TLS, what TLS adds is on every answer, not only a handler's: HSTS on the error
 * answers of a failed exchange and of a head refused before it parsed (nginx's
 * {@code add_header ... always}), {@code $scheme} "https" in the access log of a refused
 * head, and {@code connectionClosed} counting both directions as the wire carried them
 * (encrypted), as {@code bytesTransferred} does.
 */
class TlsEveryAnswerTest {

	private static final String HSTS = "max-age=86400";

	@TempDir
	Path dir;

	@Test
	void errorAnswersOfFailedExchangesAndRefusedHeadsCarryHsts() throws Exception {
		try (Webserv server = TlsServers.start(
				site -> site.tls(TlsServers.localhost().withHsts(Duration.ofDays(1)))
					.clientMaxBodySize(10)
					.route("POST", "/up", Handler.nonBlocking(r -> Response.ok("up")))
					.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x"))),
				config -> config.timeouts(Timeouts.DEFAULTS.withHeader(Duration.ofSeconds(1))))) {
			assertThat(answer(server, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").header("Strict-Transport-Security"))
				.as("a handler's response, as before")
				.isEqualTo(HSTS);
			assertHsts(answer(server, "POST /up HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n"), 413);
			assertHsts(answer(server, "GET / HTTP/1.1\r\nHost: localhost\r\nExpect: nothing\r\n\r\n"), 417);
			assertHsts(answer(server, "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nab"), 408);
			assertHsts(answer(server, "NOT A REQUEST LINE\r\n\r\n"), 400);
			assertHsts(answer(server, "GET / HTTP/1.1\r\nHost: localhost\r\n"), 408);
		}
	}

	@Test
	void aHeadRefusedOnATlsListenerIsLoggedWithSchemeHttps() throws Exception {
		Path log = dir.resolve("access.log");
		try (Webserv server = TlsServers
			.start(site -> site.accessLog(AccessLog.toFile(log).withFormat("$scheme $status"))
				.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x"))))) {
			assertThat(answer(server, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(200);
			assertThat(answer(server, "NOT A REQUEST LINE\r\n\r\n").status()).isEqualTo(400);
			Await.until(Duration.ofSeconds(10), "two access-log lines", () -> lines(log), lines -> lines.size() == 2);
			assertThat(lines(log)).containsExactly("https 200", "https 400");
		}
	}

	@Test
	void connectionClosedCountsTheEncryptedBytesBothWaysAsBytesTransferredDoes() throws Exception {
		WireCounts counts = new WireCounts();
		try (Webserv server = TlsServers.start(
				site -> site.route("GET", "/", Handler.nonBlocking(r -> Response.ok("x".repeat(10_000)))),
				config -> config.events(counts))) {
			RawResponse response = answer(server, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(response.body()).hasSize(10_000);
			Await.until(Duration.ofSeconds(10), "the connection closed", () -> counts.closedSent.get() > 0);
			assertThat(counts.closedSent.get()).as("sent, as the wire carried it")
				.isEqualTo(counts.transferredSent.get())
				.isGreaterThan(10_000 + 1000); // the body, the head and the handshake
			assertThat(counts.closedReceived.get()).as("received, as the wire carried it")
				.isEqualTo(counts.transferredReceived.get());
		}
	}

	/** Sends {@code request} on a fresh TLS connection and reads the answer. */
	private static RawResponse answer(Webserv server, String request) throws IOException {
		SSLSocket socket = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext());
		try (RawClient client = new RawClient(socket)) {
			return client.send(request).read();
		}
	}

	private static void assertHsts(RawResponse response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Strict-Transport-Security")).as("HSTS on a %d", status).isEqualTo(HSTS);
	}

	private static List<String> lines(Path log) {
		try {
			return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static final class WireCounts implements ServerEvents {

		final AtomicLong transferredReceived = new AtomicLong();

		final AtomicLong transferredSent = new AtomicLong();

		final AtomicLong closedReceived = new AtomicLong();

		final AtomicLong closedSent = new AtomicLong();

		@Override
		public void bytesTransferred(String listener, long received, long sent) {
			transferredReceived.addAndGet(received);
			transferredSent.addAndGet(sent);
		}

		@Override
		public void connectionClosed(String listener, long durationNanos, long bytesReceived, long bytesSent,
				int requests) {
			closedReceived.set(bytesReceived);
			closedSent.set(bytesSent);
		}

	}

}
