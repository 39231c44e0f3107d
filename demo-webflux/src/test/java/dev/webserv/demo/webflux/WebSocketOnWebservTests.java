package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

/**
 * WebSocket is not supported on webserv yet (docs/spring-boot.md says so): a handshake to
 * a mapped {@link WebSocketHandler} is answered, not upgraded, and the server goes on
 * serving.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSocketOnWebservTests {

	@TestConfiguration
	static class EchoSocket {

		@Bean
		HandlerMapping echoSocketMapping() {
			WebSocketHandler echo = (session) -> session
				.send(session.receive().map((message) -> session.textMessage(message.getPayloadAsText())));
			return new SimpleUrlHandlerMapping(Map.of("/ws", echo), -1);
		}

	}

	@LocalServerPort
	int port;

	@Test
	void aHandshakeIsAnsweredWithoutAnUpgradeAndTheServerServesOn() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			String answer = RawAnswers.next(socket);
			assertThat(answer).startsWith("HTTP/1.1 500 ").doesNotContainIgnoringCase("Upgrade: websocket");
		}
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			assertThat(RawAnswers.next(socket)).startsWith("HTTP/1.1 200 ");
		}
	}

}
