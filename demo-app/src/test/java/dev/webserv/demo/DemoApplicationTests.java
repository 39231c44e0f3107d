package dev.webserv.demo;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The tour of docs/spring-boot.md, over real HTTP, with both listeners on free ports. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "demo.admin-port=0", "demo.https-port=0" })
class DemoApplicationTests {

	@TempDir
	static Path uploads;

	private static final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@Value("${local.webserv.servers.admin.port}")
	int adminPort;

	@Autowired
	WebservWebServer webServer;

	@DynamicPropertySource
	static void uploadDirectory(DynamicPropertyRegistry registry) {
		registry.add("demo.upload-dir", uploads::toString);
	}

	@Test
	void helloAnswersJson() throws Exception {
		HttpResponse<String> response = get("/api/hello?name=Ada");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.headers().firstValue("Server")).hasValue("webserv-demo");
		assertThat(response.body()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
		assertThat(get("/api/hello").body()).isEqualTo("{\"message\":\"Hello, World!\"}");
	}

	@Test
	void echoReturnsTheBodyWithItsType() throws Exception {
		HttpResponse<String> response = send(request("/api/echo").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"ping\":1}")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"ping\":1}");
	}

	@Test
	void pathVariableReachesTheUserHandler() throws Exception {
		assertThat(get("/api/users/42").body()).isEqualTo("{\"id\":42,\"name\":\"User 42\"}");
		assertThat(get("/api/users/abc").statusCode()).isEqualTo(400);
		HttpResponse<String> missing = get("/api/users/5000");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("Nothing here");
	}

	@Test
	void slowEndpointSleepsOnAWorker() throws Exception {
		CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/api/slow?ms=4000").build(),
				HttpResponse.BodyHandlers.ofString());
		awaitRequestInFlight();
		// a fresh connection per event loop (a listener deals them out in turn), so one
		// shares the slow request's loop: each is answered while the slow one still
		// sleeps
		int loops = Runtime.getRuntime().availableProcessors(); // webserv.io-threads: 0
		for (int i = 0; i < loops; i++) {
			assertThat(getOnANewConnection("/api/hello")).startsWith("HTTP/1.1 200");
		}
		assertThat(slow).isNotDone();
		assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"sleptMillis\":4000}");
	}

	private void awaitRequestInFlight() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (webServer.getWebserv().statistics().requestsInFlight() == 0) {
			assertThat(System.nanoTime() - deadline).as("a request in flight within 10 s").isNegative();
			Thread.sleep(10);
		}
	}

	private String getOnANewConnection(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void staticSiteServesIndexCssAndImage() throws Exception {
		HttpResponse<String> index = get("/");
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(index.body()).contains("<h1>webserv demo</h1>");
		HttpResponse<String> css = get("/css/style.css");
		assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
		HttpResponse<byte[]> image = client.send(request("/images/logo.png").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');
	}

	@Test
	void uploadListAndDelete() throws Exception {
		String boundary = "demo-boundary";
		String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello uploads\n\r\n--" + boundary + "--\r\n";
		HttpResponse<String> created = send(
				request("/uploads/").header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.POST(BodyPublishers.ofString(form)));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).isEqualTo("/uploads/notes.txt\n");
		assertThat(Files.readString(uploads.resolve("notes.txt"))).isEqualTo("hello uploads\n");
		assertThat(get("/uploads/").body()).contains("Index of /uploads/").contains("notes.txt");
		assertThat(get("/uploads/notes.txt").body()).isEqualTo("hello uploads\n");
		assertThat(send(request("/uploads/notes.txt").DELETE()).statusCode()).isEqualTo(204);
		assertThat(get("/uploads/notes.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void cgiScriptRuns() throws Exception {
		HttpResponse<String> response = get("/cgi-bin/hello.py?name=Ada");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Hello, Ada, from CGI!\nmethod=GET script=/cgi-bin/hello.py\n");
		HttpResponse<String> post = send(request("/cgi-bin/hello.py").POST(BodyPublishers.ofString("abc")));
		assertThat(post.body()).contains("method=POST").contains("received 3 bytes");
	}

	@Test
	void oldHomeRedirects() throws Exception {
		HttpResponse<String> response = get("/old-home");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue("/");
	}

	@Test
	void unknownPageGetsTheCustom404() throws Exception {
		HttpResponse<String> response = get("/no-such-page");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("<h1>Nothing here</h1>");
	}

	@Test
	void wrongMethodOnStaticFilesGets405() throws Exception {
		HttpResponse<String> response = send(request("/index.html").DELETE());
		assertThat(response.statusCode()).isEqualTo(405);
		// the order of Allow is not fixed: compare the set of methods
		assertThat(response.headers().firstValue("Allow").orElse("").split(", ")).containsExactlyInAnyOrder("GET",
				"HEAD", "OPTIONS");
	}

	@Test
	void theSecureServerServesTheSiteOverTlsWithItsBuildTimeCertificateAndHsts() throws Exception {
		SSLContext context = DemoCertificate.trustingIt();
		int securePort = webServer.getWebserv().ports("secure").get(0);
		HttpResponse<String> page = HttpClient.newBuilder()
			.sslContext(context)
			.build()
			.send(HttpRequest.newBuilder(URI.create("https://localhost:" + securePort + "/")).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("webserv");
		assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=86400");
	}

	@Test
	void adminListenerAnswersStatusOnlyThere() throws Exception {
		assertThat(adminPort).isPositive().isNotEqualTo(port);
		HttpResponse<String> status = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/status")).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).contains("\"state\":\"RUNNING\"");
		assertThat(get("/status").statusCode()).isEqualTo(404);
	}

	@Test
	void compressesForClientsThatAcceptGzipAndServesPrecompressedCss() throws Exception {
		HttpResponse<byte[]> page = client.send(request("/").header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(page.headers().allValues("Vary")).contains("Accept-Encoding");
		try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
				new java.io.ByteArrayInputStream(page.body()))) {
			assertThat(in.readAllBytes())
				.isEqualTo(Files.readAllBytes(Path.of("src/main/resources/static/index.html")));
		}
		HttpResponse<byte[]> css = client.send(request("/css/style.css").header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(css.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
		assertThat(css.body()).isEqualTo(Files.readAllBytes(Path.of("src/main/resources/static/css/style.css.gz")));
	}

	@Test
	void accessLogLinesGoThroughBootLogging(CapturedOutput output) throws Exception {
		get("/api/hello?name=Logged");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!output.getOut().contains("\"GET /api/hello?name=Logged HTTP/1.1\" 200 ")
				&& System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(output.getOut()).containsPattern(
				"webserv\\.access.*127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /api/hello\\?name=Logged HTTP/1.1\" 200 \\d+ \"-\" \"Java-http-client");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
