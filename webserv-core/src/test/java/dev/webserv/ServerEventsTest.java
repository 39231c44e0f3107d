package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.webserv.events.RejectionReason;
import dev.webserv.events.RequestLog;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

class ServerEventsTest {

	@Test
	void reportsConnectionsAndRequestsWithTheRouteTemplate() throws Exception {
		RecordingEvents events = new RecordingEvents();
		try (Webserv server = TestServers
			.start(s -> s.route("GET", "/users/{id}", r -> Response.ok("u")).route("GET", "/boom", r -> {
				throw new IllegalArgumentException("x");
			}), config -> config.events(events))) {
			try (RawClient raw = new RawClient(server.port())) {
				raw.send("GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /users/2 HTTP/1.1\r\nHost: x\r\n\r\n"
						+ "GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
				for (int i = 0; i < 4; i++) {
					raw.read();
				}
				assertThat(raw.closedByServer()).isTrue();
			}
			Await.until(Duration.ofSeconds(5), "the connection reported closed", () -> events.closed.get() >= 1);
		}
		assertThat(events.opened).hasValue(1);
		assertThat(events.closed).hasValue(1);
		assertThat(events.started).hasValue(4);
		assertThat(events.completed).extracting(RequestLog::route)
			.containsExactly("/users/{id}", "/users/{id}", "NOT_FOUND", "/boom");
		assertThat(events.completed).extracting(RequestLog::status).containsExactly(200, 200, 404, 500);
		assertThat(events.completed.get(3).error()).isInstanceOf(IllegalArgumentException.class);
		assertThat(events.handlerErrors).hasSize(1);
	}

	@Test
	void aListenerThatThrowsFromEveryEventCostsNothingAndTheOthersAreStillTold() throws Exception {
		RecordingEvents events = new RecordingEvents();
		ServerEvents throwing = new dev.webserv.testing.ThrowingEvents();
		try (Webserv server = TestServers.start(s -> s.route("GET", "/hello", r -> Response.ok("hi")),
				config -> config.events(ServerEvents.of(throwing, events)))) {
			for (int i = 0; i < 10; i++) {
				try (RawClient raw = new RawClient(server.port())) {
					raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
					assertThat(raw.read().status()).isEqualTo(200);
				}
			}
			try (RawClient raw = new RawClient(server.port())) {
				raw.send("GET /hello HTTP/1.1\r\n\r\n");
				assertThat(raw.read().status()).isEqualTo(400);
			}
			Await.until("every connection closed", () -> events.closed.get() >= 11);
			assertThat(events.completed).hasSize(10);
			assertThat(events.parseErrors).containsExactly(RejectionReason.MISSING_HOST);
			assertThat(events.closed).hasValue(11);
			assertThat(server.state()).isEqualTo(Webserv.State.RUNNING);
		}
	}

}
