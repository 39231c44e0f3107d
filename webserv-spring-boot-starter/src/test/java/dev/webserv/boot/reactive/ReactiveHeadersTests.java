package dev.webserv.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Header semantics through the adapter, whose request headers are a view of the parser's
 * and whose response headers are the exchange's own (no copies): names in any case,
 * several values in order, read-only request headers, Set-Cookie, Content-Length, HEAD;
 * and the request URI, built lazily for plain targets and at once (400 when refused) for
 * the rest. Over raw sockets, so the bytes on the wire are what is checked.
 */
class ReactiveHeadersTests {

	private WebServer webServer;

	@AfterEach
	void tearDown() {
		if (webServer != null) {
			webServer.stop();
			webServer.destroy();
		}
	}

	private void start(HttpHandler handler) {
		webServer = new WebservReactiveWebServerFactory(0).getWebServer(handler);
		webServer.start();
	}

	@Test
	void requestHeadersAreReadInAnyCaseWithEveryValueInOrderAndCannotBeChanged() throws IOException {
		start((request, response) -> {
			HttpHeaders headers = request.getHeaders();
			List<String> seen = new ArrayList<>();
			seen.add("first=" + headers.getFirst("X-TAG"));
			seen.add("all=" + headers.get("x-Tag"));
			seen.add("has=" + headers.containsHeader("x-tag") + "," + headers.containsHeader("X-Absent"));
			seen.add("absent=" + headers.get("X-Absent"));
			seen.add("names=" + headers.headerNames());
			seen.add("type=" + headers.getContentType());
			seen.add("length=" + headers.getContentLength());
			try {
				headers.add("X-Tag", "c");
				seen.add("changed");
			}
			catch (UnsupportedOperationException expected) {
				seen.add("read-only");
			}
			return text(response, String.join("\n", seen));
		});
		String answer = exchange("POST /p HTTP/1.1\r\nHost: example.test\r\nX-Tag: a\r\nContent-Type: text/plain\r\n"
				+ "x-tag: b\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		assertThat(body(answer)).isEqualTo("""
				first=a
				all=[a, b]
				has=true,false
				absent=null
				names=[Host, X-Tag, Content-Type, Content-Length, Connection]
				type=text/plain
				length=0
				read-only""");
	}

	@Test
	void responseHeadersSetAddedAndRemovedReachTheWireWithCookiesAndTheServersFraming() throws IOException {
		start((request, response) -> {
			HttpHeaders headers = response.getHeaders();
			headers.set("X-One", "1");
			headers.add("x-many", "a");
			headers.add("X-Many", "b");
			headers.set("X-Gone", "soon");
			headers.remove("x-gone");
			headers.add(HttpHeaders.SET_COOKIE, "raw=1");
			headers.set("Transfer-Encoding", "gzip"); // the server frames the body
			headers.setContentType(MediaType.TEXT_PLAIN);
			headers.setContentLength(5);
			response.addCookie(ResponseCookie.from("seen", "yes").path("/").build());
			return response.writeWith(Mono.just(response.bufferFactory().wrap("hello".getBytes())));
		});
		String answer = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200 ")
			.contains("\r\nX-One: 1\r\n", "\r\nx-many: a\r\nX-Many: b\r\n", "\r\nSet-Cookie: raw=1\r\n",
					"\r\nSet-Cookie: seen=yes; Path=/\r\n", "\r\nContent-Type: text/plain\r\n",
					"\r\nContent-Length: 5\r\n")
			.doesNotContainIgnoringCase("X-Gone")
			.doesNotContainIgnoringCase("Transfer-Encoding")
			.endsWith("\r\n\r\nhello");
	}

	@Test
	void headSendsTheLengthTheBodyWouldHaveWithoutIt() throws IOException {
		start((request, response) -> text(response, "twelve bytes"));
		String answer = exchange("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\r\nContent-Length: 12\r\n").endsWith("\r\n\r\n");
	}

	@Test
	void headersSetBeforeAFailureAreNotThe500s() throws IOException {
		start((request, response) -> {
			response.getHeaders().set("X-Partial", "yes");
			response.getHeaders().setContentLength(100);
			return Mono.error(new IllegalStateException("boom"));
		});
		String answer = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 500 ")
			.doesNotContain("X-Partial")
			.doesNotContain("Content-Length: 100");
	}

	@Test
	void thePlainTargetsUriIsTheHostAndTargetAndItsPathTheRawPath() throws IOException {
		start((request, response) -> text(response, request.getURI() + "\n" + request.getPath().value() + "\n"
				+ request.getQueryParams() + "\n" + request.getPath().pathWithinApplication().value()));
		String answer = exchange(
				"GET /a/b%20c;v=1?x=1&y=%41&x=2 HTTP/1.1\r\nHost: Example.test:8080\r\nConnection: close\r\n\r\n");
		assertThat(body(answer)).isEqualTo("""
				http://Example.test:8080/a/b%20c;v=1?x=1&y=%41&x=2
				/a/b%20c;v=1
				{x=[1, 2], y=[A]}
				/a/b%20c;v=1""");
	}

	@Test
	void aTargetOutsideThePlainCharactersStillGetsItsUri() throws IOException {
		start((request, response) -> text(response,
				request.getURI() + " " + request.getPath().value() + " " + request.getQueryParams()));
		String answer = exchange("GET /x?q=[1] HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(body(answer)).isEqualTo("http://x/x?q=[1] /x {q=[[1]]}");
	}

	@Test
	void aTargetJavaNetUriRefusesIsA400() throws IOException {
		start((request, response) -> text(response, "reached"));
		assertThat(exchange("GET /a|b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ")
			.doesNotContain("reached");
		assertThat(exchange("GET /a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ")
			.doesNotContain("reached");
	}

	private static Mono<Void> text(ServerHttpResponse response, String text) {
		return response.writeWith(Mono.just(response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8))));
	}

	/** Sends one request and reads the answer to the close. */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", webServer.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private static String body(String answer) {
		String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
		// a chunked body of one chunk: size line, data, last chunk
		if (answer.contains("Transfer-Encoding: chunked")) {
			body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
		}
		return body;
	}

}
