package dev.webserv.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.handler.TestSite.RawResponse;

/**
 * OPTIONS * (RFC 9110 §9.3.7) answers 204 with Allow listing what this server allows
 * somewhere: the union of its locations' and routes' methods, never a fixed list.
 */
class OptionsAsteriskTest {

	private static final String OPTIONS = "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

	@TempDir
	Path temp;

	@Test
	void aStaticOnlyServerAdvertisesGetAndHead() {
		Path www = TestSite.copyWww(temp);
		try (TestSite site = TestSite.start(server -> server.root(www).location(Location.builder("/").build()))) {
			RawResponse response = site.raw(OPTIONS);

			assertThat(response.status()).isEqualTo(204);
			assertThat(response.header("allow")).isEqualTo("GET, HEAD, OPTIONS");
		}
	}

	@Test
	void advertisesTheUnionOfLocationsAndRoutes() throws IOException {
		Path www = TestSite.copyWww(temp);
		Path uploads = Files.createDirectories(temp.resolve("store"));
		try (TestSite site = TestSite.start(server -> server.root(www)
			.location(Location.builder("/").build())
			.location(Location.builder("/up").uploadDir(uploads).methods("GET", "PUT").build())
			.route("PATCH", "/api/things/{id}", request -> Response.noContent()))) {
			RawResponse response = site.raw(OPTIONS);

			assertThat(response.status()).isEqualTo(204);
			assertThat(response.header("allow")).isEqualTo("GET, HEAD, PUT, OPTIONS, PATCH");
		}
	}

}
