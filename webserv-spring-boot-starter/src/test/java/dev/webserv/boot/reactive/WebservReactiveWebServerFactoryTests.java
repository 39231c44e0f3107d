package dev.webserv.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

import dev.webserv.HttpExchange;

/**
 * The factory and its server against Boot's contract for reactive web servers (modelled
 * on Boot's own {@code AbstractReactiveWebServerFactoryTests}), over real sockets.
 */
class WebservReactiveWebServerFactoryTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private WebServer webServer;

	@AfterEach
	void tearDown() {
		if (webServer != null) {
			webServer.stop();
			webServer.destroy();
		}
	}

	private static WebservReactiveWebServerFactory factory() {
		return new WebservReactiveWebServerFactory(0);
	}

	private static HttpHandler echo() {
		return (request, response) -> {
			response.setStatusCode(HttpStatus.OK);
			return response.writeWith(request.getBody());
		};
	}

	private WebServer start(WebservReactiveWebServerFactory factory, HttpHandler handler) {
		webServer = factory.getWebServer(handler);
		webServer.start();
		return webServer;
	}

	@Test
	void echoesARequestBodyOnTheBoundPort() throws Exception {
		start(factory(), echo());
		assertThat(webServer.getPort()).isPositive();
		HttpResponse<String> response = post(webServer.getPort(), "Hello World");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello World");
	}

	@Test
	void restartsAfterStop() throws Exception {
		start(factory(), echo());
		int port = webServer.getPort();
		assertThat(post(port, "one").body()).isEqualTo("one");
		webServer.stop();
		assertThat(webServer.getPort()).isEqualTo(-1);
		assertThatThrownBy(() -> post(port, "gone")).isInstanceOf(IOException.class);
		webServer.start();
		assertThat(post(webServer.getPort(), "two").body()).isEqualTo("two");
	}

	@Test
	void portIsMinusOneBeforeStartAndAfterDestroy() {
		webServer = factory().getWebServer(echo());
		assertThat(webServer.getPort()).isEqualTo(-1);
		webServer.start();
		assertThat(webServer.getPort()).isPositive();
		webServer.destroy();
		assertThat(webServer.getPort()).isEqualTo(-1);
	}

	@Test
	void portMinusOneStartsNothing() {
		WebservReactiveWebServerFactory factory = factory();
		factory.setPort(-1);
		start(factory, echo());
		assertThat(webServer.getPort()).isEqualTo(-1);
		assertThat(((WebservReactiveWebServer) webServer).current().getWebserv().boundAddresses()).isEmpty();
	}

	@Test
	void bindsTheGivenAddressOnly() throws Exception {
		WebservReactiveWebServerFactory factory = factory();
		factory.setAddress(InetAddress.getByName("127.0.0.1"));
		start(factory, echo());
		assertThat(((WebservReactiveWebServer) webServer).current().getWebserv().boundAddresses()).singleElement()
			.satisfies(address -> assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
		assertThat(post(webServer.getPort(), "local").body()).isEqualTo("local");
	}

	@Test
	void aPortInUseIsBootsPortInUseException() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			WebservReactiveWebServerFactory factory = factory();
			factory.setPort(taken.getLocalPort());
			factory.setAddress(InetAddress.getByName("127.0.0.1"));
			webServer = factory.getWebServer(echo());
			assertThatExceptionOfType(PortInUseException.class).isThrownBy(webServer::start)
				.satisfies(e -> assertThat(e.getPort()).isEqualTo(taken.getLocalPort()));
			assertThat(webServer.getPort()).isEqualTo(-1);
		}
	}

	@Test
	void aNonDaemonServerThreadKeepsTheJvmAliveWhileRunning() {
		start(factory(), echo());
		assertThat(serverThread()).isNotNull().satisfies(thread -> assertThat(thread.isDaemon()).isFalse());
		webServer.stop();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> serverThread() == null);
	}

	private static Thread serverThread() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> thread.getName().equals("server") && thread.isAlive())
			.findFirst()
			.orElse(null);
	}

	@Test
	void gracefulShutdownWithoutRequestsReportsIdle() {
		WebservReactiveWebServerFactory factory = factory();
		factory.setShutdown(Shutdown.GRACEFUL);
		start(factory, echo());
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		webServer.shutDownGracefully(result::set);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> result.get() == GracefulShutdownResult.IDLE);
	}

	@Test
	void gracefulShutdownWaitsForTheRequestInFlight() throws Exception {
		WebservReactiveWebServerFactory factory = factory();
		factory.setShutdown(Shutdown.GRACEFUL);
		Blocking blocking = new Blocking();
		start(factory, blocking);
		CompletableFuture<HttpResponse<String>> response = getAsync(webServer.getPort());
		blocking.awaitRequest();
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		webServer.shutDownGracefully(result::set);
		assertThat(result.get()).isNull();
		assertThat(response).isNotDone();
		blocking.completeOne();
		assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> result.get() == GracefulShutdownResult.IDLE);
	}

	@Test
	void stopDuringAGracefulShutdownReportsRequestsActive() throws Exception {
		WebservReactiveWebServerFactory factory = factory();
		factory.setShutdown(Shutdown.GRACEFUL);
		Blocking blocking = new Blocking();
		start(factory, blocking);
		getAsync(webServer.getPort());
		blocking.awaitRequest();
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		webServer.shutDownGracefully(result::set);
		webServer.stop();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> result.get() == GracefulShutdownResult.REQUESTS_ACTIVE);
	}

	@Test
	void immediateShutdownReportsImmediate() {
		WebservReactiveWebServerFactory factory = factory();
		factory.setShutdown(Shutdown.IMMEDIATE);
		start(factory, echo());
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		webServer.shutDownGracefully(result::set);
		assertThat(result.get()).isEqualTo(GracefulShutdownResult.IMMEDIATE);
	}

	@Test
	void compressionExcludedUserAgentsIsRefusedRatherThanIgnored() {
		WebservReactiveWebServerFactory factory = factory();
		org.springframework.boot.web.server.Compression compression = new org.springframework.boot.web.server.Compression();
		compression.setEnabled(true);
		compression.setExcludedUserAgents(new String[] { "curl" });
		factory.setCompression(compression);
		assertThatExceptionOfType(WebServerException.class).isThrownBy(() -> factory.getWebServer(echo()))
			.withMessageContaining("server.compression.excluded-user-agents");
	}

	@Test
	void sslSetInCodeThatTheConfigurationSourceDoesNotServeIsRefused() {
		WebservReactiveWebServerFactory factory = factory();
		factory.setConfigSource(WebservConfigSource.plain());
		org.springframework.boot.web.server.Ssl ssl = new org.springframework.boot.web.server.Ssl();
		ssl.setBundle("server");
		factory.setSsl(ssl);
		assertThatExceptionOfType(WebServerException.class).isThrownBy(() -> factory.getWebServer(echo()))
			.withMessageContaining("server.ssl");
	}

	@Test
	void http2IsRefused() {
		WebservReactiveWebServerFactory factory = factory();
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		assertThatExceptionOfType(WebServerException.class).isThrownBy(() -> factory.getWebServer(echo()))
			.withMessageContaining("HTTP/2");
	}

	@Test
	void aFileIsSentZeroCopyWithTheExchangeAsNativeResponse(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("data.txt");
		Files.writeString(file, "0123456789abcdef");
		AtomicReference<Object> nativeRequest = new AtomicReference<>();
		start(factory(), (request, response) -> {
			nativeRequest.set(ServerHttpRequestDecorator.getNativeRequest(request));
			return ((ZeroCopyHttpOutputMessage) response).writeWith(file, 4, 6);
		});
		HttpResponse<String> response = get(webServer.getPort(), "/file");
		assertThat(response.body()).isEqualTo("456789");
		assertThat(nativeRequest.get()).isInstanceOf(HttpExchange.class);
	}

	@Test
	void headAnswersTheHeadersWithoutTheBody() throws Exception {
		start(factory(), (request, response) -> response
			.writeWith(Mono.just(response.bufferFactory().wrap("twelve bytes".getBytes(StandardCharsets.UTF_8)))));
		HttpResponse<String> response = client.send(
				request(webServer.getPort(), "/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Length")).hasValue("12");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void anErrorBeforeTheCommitIs500() throws Exception {
		start(factory(), (request, response) -> Mono.error(new IllegalStateException("boom")));
		HttpResponse<String> response = get(webServer.getPort(), "/");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).doesNotContain("boom");
	}

	@Test
	void anErrorAfterTheCommitClosesTheConnection() throws Exception {
		Sinks.Empty<Void> failure = Sinks.empty();
		start(factory(),
				(request, response) -> response.writeAndFlushWith(Flux.just(
						Mono.just(response.bufferFactory().wrap("partial".getBytes(StandardCharsets.UTF_8))),
						failure.asMono().then(Mono.error(new IllegalStateException("late"))).cast(DataBuffer.class))));
		try (Socket socket = new Socket("127.0.0.1", webServer.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			StringBuilder received = new StringBuilder();
			while (!received.toString().contains("partial")) {
				int b = in.read();
				assertThat(b).as("bytes before the first part arrived").isNotEqualTo(-1);
				received.append((char) b);
			}
			failure.tryEmitEmpty();
			received.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
			assertThat(received.toString()).startsWith("HTTP/1.1 200").doesNotContain("0\r\n\r\n");
		}
	}

	@Test
	void cookiesArriveParsedAndLeaveAsSetCookie() throws Exception {
		start(factory(), (request, response) -> {
			response.addCookie(org.springframework.http.ResponseCookie.from("seen", "yes").path("/").build());
			String value = request.getCookies().getFirst("name").getValue();
			return response.writeWith(Mono.just(response.bufferFactory().wrap(value.getBytes(StandardCharsets.UTF_8))));
		});
		HttpResponse<String> response = client.send(
				request(webServer.getPort(), "/").header("Cookie", "a=1; name=\"webserv\"").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("webserv");
		assertThat(response.headers().allValues("Set-Cookie")).containsExactly("seen=yes; Path=/");
	}

	private static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
	}

	private static HttpResponse<String> post(int port, String body) throws IOException, InterruptedException {
		return client.send(request(port, "/test").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return client.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static CompletableFuture<HttpResponse<String>> getAsync(int port) {
		return client.sendAsync(request(port, "/").GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Holds each request until the test completes it. */
	private static final class Blocking implements HttpHandler {

		private final BlockingQueue<Sinks.Empty<Void>> waiting = new ArrayBlockingQueue<>(10);

		@Override
		public Mono<Void> handle(org.springframework.http.server.reactive.ServerHttpRequest request,
				org.springframework.http.server.reactive.ServerHttpResponse response) {
			Sinks.Empty<Void> completion = Sinks.empty();
			waiting.add(completion);
			return completion.asMono();
		}

		void awaitRequest() {
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !waiting.isEmpty());
		}

		void completeOne() throws InterruptedException {
			waiting.take().tryEmitEmpty();
		}

	}

}
