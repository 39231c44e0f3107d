package dev.webserv.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.cgi.CgiHandler;
import dev.webserv.cgi.LocalRedirect;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.files.Deletes;
import dev.webserv.files.Uploads;

class LocationHandlerTest {

	@TempDir
	Path root;

	@Test
	void servesFilesOnTheEventLoopAndListingsOnAWorker() {
		LocationHandler files = handler(Location.builder("/").autoindex(true).build());
		LocationHandler noListing = handler(Location.builder("/").build());

		assertThat(files.select("GET", "/style.css").blocking()).isFalse();
		assertThat(files.select("HEAD", "/docs").blocking()).isFalse();
		assertThat(files.select("GET", "/docs/").blocking()).isTrue();
		assertThat(noListing.select("GET", "/docs/").blocking()).isFalse();
	}

	@Test
	void picksUploadAndDeleteByMethod() {
		LocationHandler uploads = handler(Location.builder("/up").uploadDir(root).build());

		assertThat(uploads.select("POST", "/up/")).isInstanceOf(Uploads.class);
		assertThat(uploads.select("PUT", "/up/a")).isInstanceOf(Uploads.class);
		assertThat(uploads.select("DELETE", "/up/a")).isInstanceOf(Deletes.class);
		assertThat(uploads.allowedMethods()).containsExactly("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
	}

	@Test
	void picksCgiByExtensionWhateverTheMethod() {
		LocationHandler cgi = handler(Location.builder("/cgi-bin").cgi(".py", "python3").build());

		assertThat(cgi.select("GET", "/cgi-bin/a.py")).isInstanceOf(CgiHandler.class);
		assertThat(cgi.select("POST", "/cgi-bin/a.py/info")).isInstanceOf(CgiHandler.class);
		assertThat(cgi.select("GET", "/cgi-bin/a.py").blocking()).isTrue();
		assertThat(cgi.select("GET", "/cgi-bin/form.html")).isNotInstanceOf(CgiHandler.class);
		assertThat(cgi.allowedMethods()).containsExactly("GET", "HEAD", "POST", "OPTIONS");
	}

	@Test
	void putsRedirectAndCustomHandlerFirst() throws Exception {
		Handler custom = request -> Response.ok("custom");
		LocationHandler redirect = handler(Location.builder("/old").redirect(308, "/new").uploadDir(root).build());
		LocationHandler handled = handler(Location.builder("/api").handler(custom).cgi(".py", "python3").build());

		Response moved = redirect.select("POST", "/old/x").handle(null);
		assertThat(moved.status()).isEqualTo(308);
		assertThat(moved.headers().get("Location")).isEqualTo("/new");
		assertThat(handled.select("GET", "/api/x.py")).isSameAs(custom);
	}

	@Test
	void aPostWithNothingToDoIsRefusedAtStartUpRatherThanAdvertisedIn405() {
		assertThatThrownBy(() -> handler(Location.builder("/").methods("GET", "POST").build()))
			.isInstanceOf(dev.webserv.config.ConfigException.class)
			.hasMessageContaining("allows POST but nothing there serves it");
	}

	@Test
	void refusesUploadsIntoACgiLocation() {
		assertThatThrownBy(() -> handler(Location.builder("/x").uploadDir(root).cgi(".py", "python3").build()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("/x")
			.hasMessageContaining("upload-dir and cgi");
	}

	@Test
	void refusesCgiWithoutARoot() {
		VirtualServer server = VirtualServer.builder().listen("127.0.0.1:0").build();
		Location location = Location.builder("/cgi").cgi(".sh", "sh").build();

		assertThatThrownBy(() -> new LocationHandler(server, location, runtime(server), NO_REDIRECTS))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cgi needs a root");
	}

	@Test
	void answersFilesWith404WithoutAnyRoot() throws Exception {
		VirtualServer server = VirtualServer.builder().listen("127.0.0.1:0").build();
		LocationHandler handler = new LocationHandler(server, Location.builder("/").build(), runtime(server),
				NO_REDIRECTS);

		assertThat(handler.select("GET", "/x").handle(null).status()).isEqualTo(404);
	}

	private LocationHandler handler(Location location) {
		VirtualServer server = VirtualServer.builder().listen("127.0.0.1:0").root(root).location(location).build();
		return new LocationHandler(server, location, runtime(server), NO_REDIRECTS);
	}

	private static final LocalRedirect NO_REDIRECTS = (request, location) -> Response.error(500);

	private static ServerRuntime runtime(VirtualServer server) {
		return new ServerRuntime(config(server), () -> {
		});
	}

	private static ServerConfig config(VirtualServer server) {
		return ServerConfig.builder().server(server).build();
	}

}
