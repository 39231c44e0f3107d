package dev.webserv.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Limits;
import dev.webserv.events.ServerEvents;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

class AcceptorTest {

	@Test
	void aListenerThatThrowsOnARejectedConnectionDoesNotCloseTheListener() throws Exception {
		AtomicInteger rejections = new AtomicInteger();
		ServerEvents throwing = new ServerEvents() {
			@Override
			public void connectionRejected(String listener) {
				rejections.incrementAndGet();
				throw new IllegalStateException("metrics backend down");
			}
		};
		try (Webserv server = TestServers.start(s -> s.route("GET", "/hello", r -> Response.ok("hi")),
				config -> config.limits(Limits.DEFAULTS.withMaxConnections(1).withReclaimAtLimit(false))
					.events(throwing))) {
			try (RawClient held = new RawClient(server.port())) {
				held.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(held.read().status()).isEqualTo(200);
				for (int i = 0; i < 3; i++) {
					try (RawClient shed = new RawClient(server.port())) {
						assertThat(shed.read().status()).isEqualTo(503);
					}
				}
			}
			Await.until("three rejections told", () -> rejections.get() >= 3);
			assertThat(rejections).hasValue(3);
			assertThat(server.listenerStates()).containsValue(true).doesNotContainValue(false);
			Await.until("no connection open", () -> server.statistics().connections() == 0);
			try (RawClient again = new RawClient(server.port())) {
				again.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(again.read().status()).isEqualTo(200);
			}
		}
	}

}
