package dev.webserv.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload location written as nginx users often write locations, with a trailing slash
 * ({@code path: /uploads/}): a PUT or a POST naming a file in its directory is stored, as
 * with {@code path: /uploads}.
 */
class UploadLocationWithSlashTests {

	@TempDir
	Path uploads;

	@Test
	void aFileNamedUnderTheLocationIsStored() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
			.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1",
					"webserv.servers[0].locations[0].path=/uploads/",
					"webserv.servers[0].locations[0].upload-dir=" + uploads)
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.send("PUT", port, "/uploads/put.txt", "put").statusCode()).isEqualTo(201);
				assertThat(Http.send("POST", port, "/uploads/post.txt", "post").statusCode()).isEqualTo(201);
				assertThat(Files.readString(uploads.resolve("put.txt"))).isEqualTo("put");
				assertThat(Files.readString(uploads.resolve("post.txt"))).isEqualTo("post");
			});
	}

}
