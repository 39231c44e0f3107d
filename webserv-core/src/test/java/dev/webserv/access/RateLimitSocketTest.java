package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.LimitConn;
import dev.webserv.config.LimitReq;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.testing.HeldHandler;

/** nginx's limit_req and limit_conn, over real sockets. */
class RateLimitSocketTest {

	private static final Handler OK = Handler.nonBlocking(request -> Response.ok("ok"));

	@Test
	void servesTheBurstAtOnceWithNodelayThenRefusesWith429AndRetryAfter() {
		try (Sites site = Sites.start(server -> server.limitReqZone("api", "1r/m", 1000)
			.location(Location.builder("/api").limitReq("api", 2, true).handler(OK).build())
			.location(Location.builder("/").handler(OK).build()))) {

			for (int i = 0; i < 3; i++) {
				assertThat(site.get("/api").statusCode()).as("request " + i).isEqualTo(200);
			}
			HttpResponse<String> refused = site.get("/api");
			assertThat(refused.statusCode()).isEqualTo(429);
			// 1r/m is 16 thousandths of a request a second, rounded down as nginx does:
			// 63 s
			assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt))
				.hasValueSatisfying(seconds -> assertThat(seconds).isBetween(55, 65));
			assertThat(site.get("/other").statusCode()).as("an unlimited location").isEqualTo(200);
			assertThat(site.refusals).containsExactly("limit_req /api/**");
		}
	}

	@Test
	void locationsNamingOneZoneShareItsBuckets() {
		try (Sites site = Sites.start(server -> server.limitReqZone("one", "1r/m", 1000)
			.location(Location.builder("/a").limitReq("one", 0, true).handler(OK).build())
			.location(Location.builder("/b").limitReq(new LimitReq("one", 0, true, 503)).handler(OK).build()))) {

			assertThat(site.get("/a").statusCode()).isEqualTo(200);
			assertThat(site.get("/b").statusCode()).as("the status is configurable").isEqualTo(503);
		}
	}

	@Test
	void withoutNodelayExcessRequestsWaitTheirTurn() {
		try (Sites site = Sites.start(server -> server.limitReqZone("slow", "5r/s", 1000)
			.location(Location.builder("/").limitReq("slow", 5, false).handler(OK).build()))) {

			// at 5r/s, the fourth request cannot be answered before 600 ms after the
			// first
			// arrived, however fast or slow the requests travel
			long start = System.nanoTime();
			for (int i = 0; i < 4; i++) {
				assertThat(site.get("/").statusCode()).isEqualTo(200);
			}
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(590);
			assertThat(site.refusals).isEmpty();
		}
	}

	@Test
	void limitConnRefusesASecondRequestInProgressFromOneAddress() throws Exception {
		HeldHandler held = new HeldHandler("held");
		try (Sites site = Sites.start(server -> server.limitConnZone("addr", 1000)
			.location(Location.builder("/slow").limitConn("addr", 1).handler(held).build()))) {

			CompletableFuture<HttpResponse<String>> first = site.getAsync("/slow");
			assertThat(held.awaitEntered()).isTrue();
			HttpResponse<String> second = site.get("/slow");
			assertThat(second.statusCode()).isEqualTo(429);
			assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
			held.release();
			assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("held");
			assertThat(site.get("/slow").statusCode()).as("the slot was given back").isEqualTo(200);
			assertThat(site.refusals).containsExactly("limit_conn /slow/**");
		}
	}

	@Test
	void aHandlerThatThrowsGivesItsSlotBack() {
		Handler failing = request -> {
			throw new IllegalStateException("boom");
		};
		try (Sites site = Sites.start(server -> server.limitConnZone("addr", 1000)
			.location(Location.builder("/").limitConn("addr", 1).handler(failing).build()))) {
			assertThat(site.get("/").statusCode()).isEqualTo(500);
			assertThat(site.get("/").statusCode()).as("not 429: the slot was released").isEqualTo(500);
		}
	}

	@Test
	void limitConnStatusIsConfigurable() throws Exception {
		HeldHandler held = new HeldHandler("held");
		try (Sites site = Sites.start(server -> server.limitConnZone("addr", 1000)
			.location(Location.builder("/").limitConn(new LimitConn("addr", 1, 503)).handler(held).build()))) {
			CompletableFuture<HttpResponse<String>> first = site.getAsync("/");
			assertThat(held.awaitEntered()).isTrue();
			assertThat(site.get("/").statusCode()).isEqualTo(503);
			held.release();
			assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void badLimitsFailStartUpNamingTheSetting() {
		assertThatThrownBy(
				() -> start(server -> server.location(Location.builder("/api").limitReq("nope", 1, true).build())))
			.hasMessageContaining("location /api: limit-req")
			.hasMessageContaining("'nope'");
		assertThatThrownBy(() -> start(server -> server.limitConnZone("addr", 10)
			.location(Location.builder("/api").limitReq("addr", 1, true).build())))
			.hasMessageContaining("is a connection zone");
		assertThatThrownBy(() -> VirtualServer.builder().limitReqZone("api", "10r/x", 10))
			.hasMessageContaining("limit zone api")
			.hasMessageContaining("'10r/x'");
		assertThatThrownBy(() -> VirtualServer.builder().limitReqZone("api", "0r/s", 10))
			.hasMessageContaining("'0r/s'");
		assertThatThrownBy(() -> new LimitReq("api", -1, true, 429)).hasMessageContaining("burst");
		assertThatThrownBy(() -> new LimitConn("addr", 0, 429)).hasMessageContaining("max");
		assertThatThrownBy(() -> new LimitConn("addr", 1, 200)).hasMessageContaining("status");
	}

	private static Webserv start(java.util.function.Consumer<VirtualServer.Builder> site) {
		VirtualServer.Builder server = VirtualServer.builder().listen("127.0.0.1:0");
		site.accept(server);
		return new Webserv(ServerConfig.builder().server(server.build()).build());
	}

}
