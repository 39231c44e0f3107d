package dev.webserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A response keeps a lone Content-Type apart (no Headers object for the common response),
 * and reads the same either way.
 */
class ResponseTest {

	@Test
	void aLoneContentTypeNeedsNoHeadersUntilAskedFor() {
		Response response = Response.ok(new byte[] { 1 }, "text/plain");

		assertThat(response.headersIfAny()).isNull();
		assertThat(response.contentType()).isEqualTo("text/plain");
		assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain");
		assertThat(response.headersIfAny()).isSameAs(response.headers());
		assertThat(response.headers().size()).isEqualTo(1);
	}

	@Test
	void contentTypeAndHeadersAgreeInEitherOrder() {
		Response typeFirst = Response.status(200).contentType("a/b").header("X", "1").contentType("c/d");
		assertThat(typeFirst.headers().getAll("Content-Type")).containsExactly("c/d");
		assertThat(typeFirst.contentType()).isEqualTo("c/d");
		assertThat(typeFirst.headers().get("X")).isEqualTo("1");

		Response headerFirst = Response.status(200).header("X", "1").contentType("a/b");
		assertThat(headerFirst.contentType()).isEqualTo("a/b");
		assertThat(Response.ok("text").contentType()).isEqualTo("text/plain; charset=utf-8");
		assertThat(Response.status(200).contentType("a/b").body("text").contentType()).isEqualTo("a/b");
		assertThat(Response.noContent().contentType()).isNull();
	}

	@Test
	void sharedReadOnlyFieldsAreWrittenAsTheyAreAndCopiedBeforeAnyChange() {
		Headers shared = new Headers().add("ETag", "\"1\"").add("Content-Type", "a/b").readOnly();
		Response first = Response.status(200).headers(shared);
		Response second = Response.status(200).headers(shared);

		assertThat(first.headersIfAny()).as("what the server writes: the shared fields").isSameAs(shared);
		assertThat(first.contentType()).isEqualTo("a/b");
		first.header("X", "1");
		first.contentType("c/d");
		second.headers().remove("ETag");

		assertThat(shared.size()).as("never changed through a response").isEqualTo(2);
		assertThat(shared.get("ETag")).isEqualTo("\"1\"");
		assertThat(first.headersIfAny()).isNotSameAs(shared);
		assertThat(first.headers().get("ETag")).isEqualTo("\"1\"");
		assertThat(first.headers().get("X")).isEqualTo("1");
		assertThat(first.contentType()).isEqualTo("c/d");
		assertThat(second.headers().get("ETag")).isNull();
		assertThat(second.contentType()).isEqualTo("a/b");
	}

	@Test
	void writableFieldsGivenAreCopiedSoTheCallerCannotChangeThemLater() {
		Headers mine = new Headers().add("X", "1");
		Response response = Response.status(200).contentType("a/b").headers(mine);
		mine.add("Y", "2");

		assertThat(response.headersIfAny()).isNotSameAs(mine);
		assertThat(response.headers().size()).isEqualTo(1);
		assertThat(response.contentType()).as("replaced with the rest").isNull();
	}

	@Test
	void tellsEachKindOfBody() {
		Response bytes = Response.ok(new byte[3], "a/b");
		assertThat(bytes.bodyKind()).isEqualTo(Response.BodyKind.BYTES);
		assertThat(bytes.length()).isEqualTo(3);
		assertThat(bytes.file()).isNull();

		Response file = Response.status(200).body(Path.of("x"));
		assertThat(file.bodyKind()).isEqualTo(Response.BodyKind.FILE);
		assertThat(file.file()).isEqualTo(Path.of("x"));
		assertThat(file.offset()).isZero();
		assertThat(file.length()).isEqualTo(-1);

		Response region = Response.status(206).body(Path.of("y"), 10, 5);
		assertThat(region.file()).isEqualTo(Path.of("y"));
		assertThat(region.offset()).isEqualTo(10);
		assertThat(region.length()).isEqualTo(5);
		assertThat(region.bytes()).isNull();

		Response stream = Response.status(200).body(new ByteArrayInputStream(new byte[0]), -1);
		assertThat(stream.bodyKind()).isEqualTo(Response.BodyKind.STREAM);
		assertThat(stream.stream()).isNotNull();
		assertThat(stream.file()).isNull();

		Response none = Response.error(404);
		assertThat(none.bodyKind()).isEqualTo(Response.BodyKind.NONE);
		assertThat(none.errorPageAllowed()).isTrue();
		assertThat(none.body(new byte[0]).errorPageAllowed()).isFalse();
	}

}
