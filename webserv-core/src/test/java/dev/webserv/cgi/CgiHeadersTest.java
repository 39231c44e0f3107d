package dev.webserv.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.cgi.CgiHeaders.MalformedException;

class CgiHeadersTest {

	@Test
	void readsADocumentResponseAndLeavesTheBody() throws IOException {
		InputStream out = stream("Content-Type: text/html\r\nX-Powered-By: test\r\n\r\n<p>body</p>");

		CgiHeaders headers = CgiHeaders.read(out);

		assertThat(headers.status()).isEqualTo(200);
		assertThat(headers.headers().get("Content-Type")).isEqualTo("text/html");
		assertThat(headers.headers().get("X-Powered-By")).isEqualTo("test");
		assertThat(headers.localRedirect()).isFalse();
		assertThat(new String(out.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("<p>body</p>");
	}

	@Test
	void acceptsBareLineFeeds() throws IOException {
		CgiHeaders headers = CgiHeaders.read(stream("Status: 404 Not Found\nContent-Type: text/plain\n\n"));

		assertThat(headers.status()).isEqualTo(404);
		assertThat(headers.statusGiven()).isTrue();
		assertThat(headers.headers().contains("Status")).isFalse();
	}

	@Test
	void tellsLocalFromClientRedirects() throws IOException {
		CgiHeaders local = CgiHeaders.read(stream("Location: /other?x=1\n\n"));
		CgiHeaders client = CgiHeaders.read(stream("Location: https://example.com/\n\n"));
		CgiHeaders withStatus = CgiHeaders.read(stream("Status: 301\nLocation: /moved\n\n"));

		assertThat(local.localRedirect()).isTrue();
		assertThat(local.location()).isEqualTo("/other?x=1");
		assertThat(client.localRedirect()).isFalse();
		assertThat(client.status()).isEqualTo(302);
		assertThat(client.headers().get("Location")).isEqualTo("https://example.com/");
		assertThat(withStatus.localRedirect()).isFalse();
		assertThat(withStatus.status()).isEqualTo(301);
	}

	@Test
	void dropsHopByHopFieldsAndReadsTheLength() throws IOException {
		CgiHeaders headers = CgiHeaders.read(stream("Content-Type: text/plain\nContent-Length: 12\nConnection: close\n"
				+ "Transfer-Encoding: chunked\nKeep-Alive: 5\nSet-Cookie: a=1\nSet-Cookie: b=2\n\n"));

		assertThat(headers.contentLength()).isEqualTo(12);
		assertThat(headers.headers().size()).isEqualTo(3);
		assertThat(headers.headers().getAll("Set-Cookie")).containsExactly("a=1", "b=2");
	}

	@Test
	void distrustsABadContentLength() throws IOException {
		assertThat(CgiHeaders.read(stream("Content-Type: a/b\nContent-Length: -1\n\n")).contentLength()).isEqualTo(-1);
		assertThat(CgiHeaders.read(stream("Content-Type: a/b\nContent-Length: 1x\n\n")).contentLength()).isEqualTo(-1);
	}

	@ParameterizedTest(name = "malformed: {0}")
	@ValueSource(strings = { "", "Content-Type: text/plain\n", "just text\n\n", ": no name\n\n", "Bad Name: x\n\n",
			"X-Only: no type, status or location\n\n", "Status: abc\nContent-Type: a/b\n\n", "Status: 99\n\n",
			"Status: 600\n\n", "Status: 100 Continue\nContent-Type: a/b\n\n",
			"Status: 101 Switching Protocols\nUpgrade: websocket\n\n", "Status: 199\n\n", "Location:\n\n",
			"Content-Type: a\rb\n\n", "Content-Type: a\u0000b\n\n" })
	void refusesOutputThatIsNotCgi(String output) {
		assertThatThrownBy(() -> CgiHeaders.read(stream(output))).isInstanceOf(MalformedException.class);
	}

	@Test
	void boundsTheHeaderSection() {
		String huge = "Content-Type: text/plain\n" + ("X-Filler: " + "x".repeat(1000) + "\n").repeat(70) + "\n";

		assertThatThrownBy(() -> CgiHeaders.read(stream(huge))).isInstanceOf(MalformedException.class)
			.hasMessageContaining("exceed");
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
	}

}
