package dev.webserv.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar demo-app.jar} from a directory that is not demo-app/: the site comes
 * from the jar, the ports from --server.port and --demo.admin-port.
 */
class DemoJarIT {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void theJarServesItsSiteFromAnyDirectory(@TempDir Path elsewhere) throws Exception {
		Path jar = Path.of(System.getProperty("webserv.demo.jar")).toAbsolutePath();
		try (RunningJar app = new RunningJar(jar, elsewhere, "--server.port=0", "--demo.admin-port=0",
				"--demo.https-port=0")) {
			int port = app.port("public", Duration.ofSeconds(90));
			int admin = app.port("admin", Duration.ofSeconds(1));

			HttpResponse<String> index = get(port, "/", "text/html");
			assertThat(index.statusCode()).as(app.output()).isEqualTo(200);
			assertThat(index.body()).contains("webserv");
			HttpResponse<String> css = get(port, "/css/style.css", "*/*");
			assertThat(css.statusCode()).isEqualTo(200);
			assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
			assertThat(css.headers().firstValue("ETag")).isPresent();
			assertThat(get(port, "/css/style.css", "*/*", "If-None-Match", css.headers().firstValue("ETag").get())
				.statusCode()).isEqualTo(304);
			HttpResponse<String> missing = get(port, "/missing", "text/html");
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.body()).isEqualTo(Files.readString(Path.of(System.getProperty("webserv.project.root"),
					"demo-app/src/main/resources/static/errors/404.html")));
			assertThat(get(port, "/missing", "application/json").body()).contains("\"status\":404");
			assertThat(get(port, "/api/hello?name=Ada", "*/*").body()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
			assertThat(get(admin, "/status", "*/*").statusCode()).isEqualTo(200);
			// the user file is in the jar (classpath:/demo-users.htpasswd)
			assertThat(get(port, "/private/staff.txt", "*/*").statusCode()).isEqualTo(401);
			assertThat(get(port, "/private/staff.txt", "*/*", "Authorization",
					"Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
				.body()).isEqualTo("Staff only: hello, demo.\n");
			assertThat(Files.isDirectory(elsewhere.resolve("uploads"))).isTrue();
		}
	}

	private static HttpResponse<String> get(int port, String path, String accept, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", accept);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
