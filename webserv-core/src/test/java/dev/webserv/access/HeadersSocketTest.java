package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.ServerTokens;
import dev.webserv.config.VirtualServer;
import dev.webserv.handler.TestSite;

/** nginx's add_header, expires and server_tokens, over real sockets. */
class HeadersSocketTest {

	@TempDir
	Path directory;

	@Test
	void addsHeadersToSuccessesAndAlwaysOnesToErrorsToo() {
		Path root = TestSite.copyWww(directory);
		try (Sites site = Sites.start(server -> server.root(root)
			.addHeader("X-Frame-Options", "DENY", false)
			.addHeader("X-Always", "yes", true)
			.location(Location.builder("/").build()))) {

			HttpResponse<String> ok = site.get("/style.css");
			assertThat(ok.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(ok.headers().firstValue("X-Always")).hasValue("yes");
			HttpResponse<String> missing = site.get("/nothing-here.css");
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.headers().firstValue("X-Frame-Options")).isEmpty();
			assertThat(missing.headers().firstValue("X-Always")).hasValue("yes");
			HttpResponse<String> notModified = site.get("/style.css", "If-None-Match",
					ok.headers().firstValue("ETag").orElseThrow());
			assertThat(notModified.statusCode()).isEqualTo(304);
			assertThat(notModified.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		}
	}

	@Test
	void aLocationsOwnHeadersReplaceTheServers() {
		Path root = TestSite.copyWww(directory);
		try (Sites site = Sites.start(server -> server.root(root)
			.addHeader("X-Frame-Options", "DENY", false)
			.location(Location.builder("/img").addHeader("Cache-Control", "public", false).build())
			.location(Location.builder("/").build()))) {

			HttpResponse<String> image = site.get("/img/logo.png");
			assertThat(image.headers().firstValue("Cache-Control")).hasValue("public");
			assertThat(image.headers().firstValue("X-Frame-Options")).isEmpty();
		}
	}

	@Test
	void expiresSetsCacheControlAndExpiresOnStaticResponses() {
		Path root = TestSite.copyWww(directory);
		try (Sites site = Sites.start(server -> server.root(root)
			.location(Location.builder("/").expires("1h").build())
			.location(Location.builder("/img").expires("max").build())
			.location(Location.builder("/docs").expires("epoch").build()))) {

			HttpResponse<String> css = site.get("/style.css");
			assertThat(css.headers().firstValue("Cache-Control")).hasValue("max-age=3600");
			ZonedDateTime expires = ZonedDateTime.parse(css.headers().firstValue("Expires").orElseThrow(),
					DateTimeFormatter.RFC_1123_DATE_TIME);
			assertThat(Duration.between(ZonedDateTime.now(), expires).toMinutes()).isBetween(58L, 60L);
			assertThat(site.get("/nothing.css").headers().firstValue("Expires")).as("not on a 404").isEmpty();
			assertThat(site.get("/img/logo.png").headers().firstValue("Expires"))
				.hasValue("Thu, 31 Dec 2037 23:55:55 GMT");
			assertThat(site.get("/docs/readme.txt").headers().firstValue("Cache-Control")).hasValue("no-cache");
		}
	}

	@Test
	void badHeadersAndExpiresFailStartUpNamingThem() {
		assertThatThrownBy(() -> Location.builder("/").addHeader("Bad Name", "x", false))
			.hasMessageContaining("add-headers")
			.hasMessageContaining("'Bad Name'");
		assertThatThrownBy(() -> Location.builder("/").addHeader("X-A", "line\r\nInjected: 1", false))
			.hasMessageContaining("control character");
		assertThatThrownBy(() -> new Webserv(ServerConfig.builder()
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0")
				.location(Location.builder("/static").expires("1 hour").build())
				.build())
			.build())).hasMessageContaining("location /static: expires").hasMessageContaining("'1 hour'");
	}

	@Test
	void serverTokensShowTheVersionUnlessTurnedOff() {
		try (Sites on = Sites.start(server -> server.location(Location.builder("/").build()))) {
			HttpResponse<String> missing = on.get("/x");
			String signature = ServerTokens.signature(true);
			assertThat(signature).matches("webserv/\\d+\\.\\d+.*");
			assertThat(missing.headers().firstValue("Server")).hasValue(signature);
			assertThat(missing.body()).contains(signature);
		}
		try (Sites off = Sites.start(server -> server.location(Location.builder("/").build()),
				config -> config.serverTokens(false))) {
			HttpResponse<String> missing = off.get("/x");
			assertThat(missing.headers().firstValue("Server")).hasValue("webserv");
			assertThat(missing.body()).contains("404 Not Found").doesNotContain("webserv");
		}
		try (Sites named = Sites.start(server -> server.location(Location.builder("/").build()),
				config -> config.serverHeader("Apache"))) {
			assertThat(named.get("/x").headers().firstValue("Server")).hasValue("Apache");
		}
	}

}
