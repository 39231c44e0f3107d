package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The reference: the same application and tests on Reactor Netty (webserv switched off,
 * Boot's Netty auto-configuration then supplies the server). webserv's locations
 * ({@code /docs/}) do not exist here.
 */
@TestPropertySource(properties = "webserv.enabled=false")
class OnReactorNettyTests extends WebFluxApplicationTests {

	@Autowired
	ReactiveWebServerApplicationContext context;

	@Test
	void theServerIsReactorNetty() {
		assertThat(context.getWebServer()).isInstanceOf(NettyWebServer.class);
	}

	/** Reactor Netty reads and drops an unread body (checked up to 4 MiB). */
	@Override
	boolean keepsTheConnectionAfterAnIgnoredBodyOf(int bytes) {
		return true;
	}

}
