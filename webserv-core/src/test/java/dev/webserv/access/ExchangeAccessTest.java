package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.webserv.ExchangeHandler;
import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.testing.BodyCollector;

/**
 * A server's allow/deny holds for its exchange routes and its fallback (where a WebFlux
 * application runs) as for its locations and handler routes: a refused client gets the
 * server's 403 and the exchange handler is never called. Over real sockets from
 * 127.0.0.1.
 */
class ExchangeAccessTest {

	private static final ExchangeHandler ANSWER = exchange -> BodyCollector.answer(exchange,
			"reached " + exchange.head().path() + " from " + exchange.remoteAddress().getAddress().getHostAddress());

	@Test
	void theServersDenyRefusesItsExchangeRoutesAndFallback() {
		try (Sites site = Sites.start(server -> server.access("allow 10.0.0.0/8", "deny all")
			.exchange("GET", "/stream", ANSWER)
			.fallback(ANSWER))) {

			HttpResponse<String> route = site.get("/stream");
			HttpResponse<String> fallback = site.get("/anything/else");

			assertThat(route.statusCode()).isEqualTo(403);
			assertThat(route.body()).contains("403 Forbidden").doesNotContain("reached");
			assertThat(fallback.statusCode()).isEqualTo(403);
			assertThat(fallback.body()).doesNotContain("reached");
			assertThat(site.refusals).hasSize(2).allMatch(refusal -> refusal.startsWith("access "));
		}
	}

	@Test
	void aLocationsOwnRulesStillWinForItsPathsAndAnAllowedClientReachesTheExchange() {
		try (Sites site = Sites.start(server -> server.access("deny 10.0.0.0/8", "allow all")
			.location(Location.builder("/closed")
				.access("deny all")
				.handler(Handler.nonBlocking(request -> Response.ok("no")))
				.build())
			.fallback(ANSWER))) {

			HttpResponse<String> open = site.get("/app/page");

			assertThat(open.statusCode()).isEqualTo(200);
			assertThat(open.body()).isEqualTo("reached /app/page from 127.0.0.1");
			assertThat(site.get("/closed").statusCode()).isEqualTo(403);
		}
	}

	@Test
	void theRealClientBehindATrustedProxyIsJudged() {
		try (Sites site = Sites.start(server -> server.access("allow 10.0.0.0/8", "deny all").fallback(ANSWER),
				config -> config.trustedProxies("127.0.0.1/32"))) {

			HttpResponse<String> proxied = site.get("/app", "X-Forwarded-For", "10.1.2.3");

			assertThat(proxied.statusCode()).isEqualTo(200);
			assertThat(proxied.body()).isEqualTo("reached /app from 10.1.2.3");
			assertThat(site.get("/app", "X-Forwarded-For", "192.0.2.7").statusCode()).isEqualTo(403);
		}
	}

}
