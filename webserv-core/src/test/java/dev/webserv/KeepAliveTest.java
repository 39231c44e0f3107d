package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;
import dev.webserv.testing.TestServers;

class KeepAliveTest {

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private void startEcho(int maxRequestsPerConnection) {
		AtomicInteger counter = new AtomicInteger();
		server = TestServers
			.start(s -> s.route("GET", "/n/{n}", Handler.nonBlocking(r -> Response.ok(r.pathVariable("n"))))
				.route("GET", "/slow/{n}", r -> {
					Thread.sleep(20L * (3 - Integer.parseInt(r.pathVariable("n"))));
					return Response.ok("slow " + r.pathVariable("n") + " " + counter.incrementAndGet());
				})
				.route("POST", "/echo", r -> Response.ok(r.body().string())),
					config -> config.limits(
							dev.webserv.config.Limits.DEFAULTS.withMaxRequestsPerConnection(maxRequestsPerConnection)));
	}

	@Test
	void keepsAnHttp11ConnectionOpenByDefault() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			for (int i = 0; i < 5; i++) {
				raw.send("GET /n/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
				RawResponse response = raw.read();
				assertThat(response.bodyText()).isEqualTo(String.valueOf(i));
				assertThat(response.header("connection")).isNull();
			}
		}
	}

	@Test
	void answersPipelinedRequestsInOrder() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /slow/0 HTTP/1.1\r\nHost: x\r\n\r\nGET /n/1 HTTP/1.1\r\nHost: x\r\n\r\n"
					+ "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
					+ "GET /slow/2 HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().bodyText()).startsWith("slow 0");
			assertThat(raw.read().bodyText()).isEqualTo("1");
			assertThat(raw.read().bodyText()).isEqualTo("hello");
			assertThat(raw.read().bodyText()).startsWith("slow 2");
		}
	}

	@Test
	void closesAfterConnectionClose() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /n/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n");
			RawResponse response = raw.read();
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void closesHttp10UnlessKeepAliveIsAskedFor() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /n/1 HTTP/1.0\r\n\r\n");
			RawResponse response = raw.read();
			assertThat(response.statusLine()).startsWith("HTTP/1.1 200");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /n/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			assertThat(raw.read().header("connection")).isEqualTo("keep-alive");
			raw.send("GET /n/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("2");
		}
	}

	@Test
	void closesAfterMaxRequestsPerConnection() throws Exception {
		startEcho(2);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().header("connection")).isNull();
			raw.send("GET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(raw.read().header("connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void sends100ContinueBeforeReadingTheBody() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
			RawResponse interim = raw.read();
			assertThat(interim.status()).isEqualTo(100);
			raw.send("body");
			RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("body");
		}
	}

	@Test
	void answers413InsteadOf100ContinueForATooLargeBody() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nExpect: 100-continue\r\n\r\n");
			RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void answers413WhenAChunkedBodyPassesTheLimit() throws Exception {
		server = TestServers.start(s -> s.clientMaxBodySize(10).route("POST", "/echo", r -> Response.ok("no")));
		try (RawClient raw = new RawClient(server.port())) {
			raw.send(
					"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n");
			assertThat(raw.read().status()).isEqualTo(413);
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void answers417ForAnUnknownExpectation() throws Exception {
		startEcho(0);
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: teapot\r\n\r\nbody");
			assertThat(raw.read().status()).isEqualTo(417);
		}
	}

	@Test
	void doesNotProcessARequestPipelinedAfterARejectedOne() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		server = TestServers.start(s -> s.route("GET", "/count", r -> Response.ok("" + calls.incrementAndGet())));
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /count HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "0\r\n\r\nGET /count HTTP/1.1\r\nHost: x\r\n\r\n");
			RawResponse response = raw.read();
			assertThat(response.status()).isEqualTo(400);
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(calls).hasValue(0);
	}

}
