package dev.webserv.boot.autoconfigure;

import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code classpath:} roots, and classpath:/static/ served when nothing is configured. */
class ClasspathRootsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void aServerRootOnTheClassPathServesItsLocationsAndErrorPages() {
		runner
			.withPropertyValues("webserv.servers[0].root=classpath:/site/",
					"webserv.servers[0].error-pages.404=/errors/404.html", "webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[0].index=index.html")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.get(port, "/").body()).isEqualTo("<h1>static index</h1>\n");
				HttpResponse<String> page = Http.get(port, "/docs/page.txt");
				assertThat(page.statusCode()).isEqualTo(200);
				assertThat(page.headers().firstValue("ETag")).isPresent();
				assertThat(page.headers().firstValue("Last-Modified")).isPresent();
				HttpResponse<String> missing = Http.get(port, "/missing.txt");
				assertThat(missing.statusCode()).isEqualTo(404);
				assertThat(missing.body()).isEqualTo("<h1>classpath 404</h1>\n");
				assertThat(Http.get(port, "/../application.yml").statusCode()).isIn(400, 404);
			});
	}

	@Test
	void aLocationRootOnTheClassPathServesItsFolder() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/docs",
					"webserv.servers[0].locations[0].root=classpath:/site")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.get(port, "/docs/page.txt").body()).isEqualTo("a page from the class path\n");
			});
	}

	@Test
	void servesClasspathStaticWhenNoServerIsConfigured(@TempDir Path classes) throws Exception {
		Files.createDirectories(classes.resolve("static"));
		Files.writeString(classes.resolve("static/index.html"), "<h1>boot static</h1>");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			runner.withClassLoader(loader).run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.get(port, "/").body()).isEqualTo("<h1>boot static</h1>");
				assertThat(Http.get(port, "/index.html").statusCode()).isEqualTo(200);
				assertThat(Http.get(port, "/nothing").statusCode()).isEqualTo(404);
			});
		}
	}

	@Test
	void servesNoStaticFolderWhenServersAreConfigured(@TempDir Path classes) throws Exception {
		Files.createDirectories(classes.resolve("static"));
		Files.writeString(classes.resolve("static/index.html"), "<h1>boot static</h1>");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			runner.withClassLoader(loader).withPropertyValues("webserv.servers[0].name=api").run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.get(port, "/").statusCode()).isEqualTo(404);
			});
		}
	}

	@Test
	void refusesAMissingFolderTheClassPathRootCgiAndListings() {
		runner.withPropertyValues("webserv.servers[0].root=classpath:/nope/")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("webserv.servers[0].root")
				.hasMessageContaining("no such folder"));
		runner.withPropertyValues("webserv.servers[0].root=classpath:/")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("webserv.servers[0].root")
				.hasMessageContaining("must name a folder"));
		runner
			.withPropertyValues("webserv.servers[0].root=classpath:/site/",
					"webserv.servers[0].locations[0].path=/cgi-bin", "webserv.servers[0].locations[0].cgi.py=python3")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("webserv.servers[0].locations[0].cgi")
				.hasMessageContaining("from disk"));
		runner
			.withPropertyValues("webserv.servers[0].root=classpath:/site/", "webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[0].autoindex=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("webserv.servers[0].locations[0].autoindex"));
	}

}
