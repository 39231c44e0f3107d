package dev.webserv.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.config.Location;

/**
 * What a browser does on the test site, against a core-only server: the page and what it
 * links, an upload through the page's form, the listing, a DELETE, and the CGI form.
 */
class BrowserSequenceTest {

	private static final Pattern LINK = Pattern.compile("(?:href|src|action)=\"([^\"]+)\"");

	private static final String BOUNDARY = "----WebKitFormBoundaryq5ZJ3BXqTvJ9Kz3C";

	@TempDir
	Path temp;

	private TestSite site;

	@BeforeEach
	void start() throws IOException {
		Path www = TestSite.copyWww(temp);
		Path uploads = Files.createDirectories(temp.resolve("uploads"));
		site = TestSite.start(server -> server.root(www)
			.serverNames("localhost")
			.location(Location.builder("/").index("index.html").build())
			.location(Location.builder("/uploads").uploadDir(uploads).autoindex(true).build())
			.location(Location.builder("/cgi-bin").cgi(".py", "python3").build()));
	}

	@AfterEach
	void stop() {
		site.close();
	}

	@Test
	void browsesUploadsListsDeletesAndPostsAForm() {
		HttpResponse<String> page = browse(site.request("/").GET());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		List<String> links = links(page.body());
		assertThat(links).contains("/style.css", "/img/logo.png", "/uploads/", "/cgi-bin/form.py", "/docs/");

		HttpResponse<String> css = browse(site.request("/style.css").GET());
		assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
		HttpResponse<byte[]> logo = site.send(site.request("/img/logo.png").header("Accept", "image/*").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(new String(logo.body(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		String etag = logo.headers().firstValue("ETag").orElseThrow();
		assertThat(browse(site.request("/img/logo.png").header("If-None-Match", etag).GET()).statusCode())
			.isEqualTo(304);

		HttpResponse<String> uploaded = browse(site.request("/uploads/")
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.header("Origin", site.uri("").toString())
			.POST(BodyPublishers.ofString(uploadForm("holiday photo.txt", "sunny"))));
		assertThat(uploaded.statusCode()).isEqualTo(201);
		String location = uploaded.headers().firstValue("Location").orElseThrow();
		assertThat(location).isEqualTo("/uploads/holiday%20photo.txt");

		HttpResponse<String> listing = browse(site.request("/uploads/").GET());
		assertThat(links(listing.body())).contains("holiday%20photo.txt");
		assertThat(browse(site.request(location).GET()).body()).isEqualTo("sunny");

		assertThat(browse(site.request(location).DELETE()).statusCode()).isEqualTo(204);
		assertThat(browse(site.request("/uploads/").GET()).body()).doesNotContain("holiday");
		assertThat(browse(site.request(location).GET()).statusCode()).isEqualTo(404);

		HttpResponse<String> greeting = browse(site.request("/cgi-bin/form.py")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("name=Ada")));
		assertThat(greeting.statusCode()).isEqualTo(200);
		assertThat(greeting.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(greeting.body()).contains("<p>Hello, Ada!</p>");
	}

	private HttpResponse<String> browse(HttpRequest.Builder request) {
		return site.send(request.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) webserv-test")
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
			.header("Accept-Language", "en")
			.build());
	}

	private static List<String> links(String html) {
		List<String> links = new ArrayList<>();
		Matcher matcher = LINK.matcher(html);
		while (matcher.find()) {
			links.add(matcher.group(1));
		}
		return links;
	}

	private static String uploadForm(String filename, String content) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
				+ "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + BOUNDARY + "--\r\n";
	}

}
