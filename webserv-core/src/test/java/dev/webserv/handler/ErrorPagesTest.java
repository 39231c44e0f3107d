package dev.webserv.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;

class ErrorPagesTest {

	@TempDir
	Path temp;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path www = TestSite.copyWww(temp);
		Files.writeString(www.resolve("errors/413.html"), "<p>too big</p>");
		Files.writeString(temp.resolve("outside.html"), "outside");
		Files.createSymbolicLink(www.resolve("errors/escape.html"), temp.resolve("outside.html"));
		site = TestSite.start(server -> server.root(www)
			.errorPage(404, "/errors/404.html")
			.errorPage(403, "/errors/missing.html")
			.errorPage(405, "/errors/escape.html")
			.errorPage(413, "errors/413.html?ignored")
			.clientMaxBodySize(10)
			.location(Location.builder("/").build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void servesTheConfiguredPageWithTheOriginalStatus() throws IOException {
		HttpResponse<String> response = site.get("/no/such/file");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(response.body()).contains("Custom 404: nothing lives here");
	}

	@Test
	void fallsBackToTheDefaultPageWhenTheConfiguredOneIsMissing() {
		HttpResponse<String> response = site.get("/docs/");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("<title>403 Forbidden</title>");
	}

	@Test
	void refusesAConfiguredPageThatLeadsOutOfTheRoot() {
		HttpResponse<String> response = site.send(site.request("/index.html").DELETE().build());

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
		assertThat(response.body()).contains("405 Method Not Allowed").doesNotContain("outside");
	}

	@Test
	void givesErrorsFromTheConnectionTheirPageToo() {
		HttpResponse<String> response = site
			.send(site.request("/index.html").POST(BodyPublishers.ofString("more than ten bytes")).build());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).isEqualTo("<p>too big</p>");
	}

	@Test
	void sendsNoBodyForHead() {
		HttpResponse<String> response = site
			.send(site.request("/no/such/file").method("HEAD", BodyPublishers.noBody()).build());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void namesTheStatusInSmallValidHtml() {
		String page = new String(ErrorPages.defaultPage(502), StandardCharsets.UTF_8);

		assertThat(page).startsWith("<!DOCTYPE html>\n<html>")
			.contains("<meta charset=\"utf-8\">", "<title>502 Bad Gateway</title>", "<h1>502 Bad Gateway</h1>")
			.endsWith("</body></html>\n");
		assertThat(page.length()).isLessThan(300);
	}

	@Test
	void leavesOtherResponsesAlone() {
		VirtualServer server = VirtualServer.builder().listen("127.0.0.1:0").build();
		Response ok = Response.ok("fine");
		Response made = Response.status(404).body("handler's own page");
		Response notModified = Response.error(304);

		assertThat(ErrorPages.apply(ok, server).bytes()).isEqualTo("fine".getBytes(StandardCharsets.UTF_8));
		assertThat(ErrorPages.apply(made, server).bytes())
			.isEqualTo("handler's own page".getBytes(StandardCharsets.UTF_8));
		assertThat(ErrorPages.apply(notModified, server).bodyKind()).isEqualTo(Response.BodyKind.NONE);
		assertThat(ErrorPages.apply(Response.error(500), null).bodyKind()).isEqualTo(Response.BodyKind.BYTES);
	}

}
