package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;
import dev.webserv.testing.TestServers;

/**
 * A handler that answers with {@code Connection: close} ends the connection after that
 * response, as Tomcat, Jetty and Reactor Netty do: a request pipelined behind it is not
 * answered. Any other Connection value from a handler is the server's to decide.
 */
class HandlerConnectionCloseTest {

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s
			.route("GET", "/close", Handler.nonBlocking(r -> Response.ok("bye").header("Connection", "close")))
			.route("GET", "/worker-close", r -> Response.ok("bye").header("Connection", "Keep-Alive, Close"))
			.route("GET", "/keep", Handler.nonBlocking(r -> Response.ok("stay").header("Connection", "keep-alive")))
			.route("GET", "/next", Handler.nonBlocking(r -> Response.ok("next")))
			.exchange("GET", "/stream-close", exchange -> {
				exchange.responseHeaders().set("Connection", "close");
				exchange.write(ByteBuffer.wrap("streamed".getBytes(StandardCharsets.UTF_8)));
				exchange.end();
			}));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void aBufferedResponseWithConnectionCloseEndsTheConnection() throws Exception {
		assertClosesAfter("/close", "bye");
	}

	@Test
	void closeAmongOtherTokensFromAWorkerHandlerEndsTheConnection() throws Exception {
		assertClosesAfter("/worker-close", "bye");
	}

	@Test
	void aStreamedResponseWithConnectionCloseEndsTheConnection() throws Exception {
		assertClosesAfter("/stream-close", "streamed");
	}

	@Test
	void anotherConnectionValueLeavesTheConnectionOpen() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET /keep HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
			RawResponse first = raw.read();
			assertThat(first.bodyText()).isEqualTo("stay");
			assertThat(first.header("connection")).isNull();
			assertThat(raw.read().bodyText()).isEqualTo("next");
		}
	}

	private void assertClosesAfter(String path, String body) throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
			RawResponse response = raw.read();
			assertThat(response.bodyText()).isEqualTo(body);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

}
