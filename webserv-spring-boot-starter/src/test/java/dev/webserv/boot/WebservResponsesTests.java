package dev.webserv.boot;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebservResponsesTests {

	private final WebservResponses responses = new WebservResponses(value -> value.toString().getBytes());

	@Test
	void responsePassesThrough() {
		Response response = Response.status(418);
		assertThat(responses.from(response)).isSameAs(response);
	}

	@Test
	void nullIsNoContent() {
		assertThat(responses.from(null).status()).isEqualTo(204);
	}

	@Test
	void textBytesAndStreamsGetTheirTypes() {
		assertThat(responses.from("hi").headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
		assertThat(responses.from(new StringBuilder("hi")).bytes()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
		assertThat(responses.from(new byte[] { 1 }).headers().get("Content-Type"))
			.isEqualTo("application/octet-stream");
		Response stream = responses.from(new ByteArrayInputStream(new byte[] { 1 }));
		assertThat(stream.bodyKind()).isEqualTo(Response.BodyKind.STREAM);
		assertThat(stream.length()).isEqualTo(-1);
	}

	@Test
	void filesGetATypeFromTheirNameOr404(@TempDir Path directory) throws Exception {
		Path page = Files.writeString(directory.resolve("page.HTML"), "<p>");
		Response file = responses.from(page);
		assertThat(file.bodyKind()).isEqualTo(Response.BodyKind.FILE);
		assertThat(file.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
		assertThat(responses.from(page.toFile()).file()).isEqualTo(page);
		assertThat(responses.from(directory.resolve("missing.txt")).status()).isEqualTo(404);
		assertThat(responses.from(directory).status()).isEqualTo(404);
	}

	@Test
	void contentTypesForCommonFiles() {
		assertThat(WebservResponses.contentType("app.js")).isEqualTo("text/javascript; charset=utf-8");
		assertThat(WebservResponses.contentType("logo.png")).isEqualTo("image/png");
		assertThat(WebservResponses.contentType("data.unknown-ext")).isEqualTo("application/octet-stream");
		assertThat(WebservResponses.contentType("noextension")).isEqualTo("application/octet-stream");
	}

	@Test
	void objectsAreWrittenAsJson() {
		Response json = responses.json(201, Map.of("a", 1));
		assertThat(json.status()).isEqualTo(201);
		assertThat(json.headers().get("Content-Type")).isEqualTo("application/json");
		assertThat(responses.from(Map.of("a", 1)).headers().get("Content-Type")).isEqualTo("application/json");
	}

	@Test
	void withoutAJsonWriterObjectsFailWithAHint() {
		WebservResponses noJson = new WebservResponses(null);
		assertThat(noJson.canWriteJson()).isFalse();
		assertThatThrownBy(() -> noJson.from(Map.of("a", 1))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("spring-boot-starter-jackson");
	}

	@Test
	void adaptedHandlersKeepWhetherTheyBlock() throws Exception {
		assertThat(responses.handler(request -> "x").blocking()).isTrue();
		assertThat(responses.handler(ResultHandler.nonBlocking(request -> "x")).blocking()).isFalse();
		assertThat(responses.handler(ResultHandler.of(dev.webserv.Handler.nonBlocking(request -> null))).blocking())
			.isFalse();
	}

}
