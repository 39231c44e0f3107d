package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.config.ClasspathRoot;
import dev.webserv.config.ConfigException;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * A class path root as plain configuration: a {@code main} without Spring serves a jar's
 * {@code static/} folder, and a root that cannot be served is refused when the
 * configuration is built, naming the setting.
 */
class ClasspathRootTest {

	@TempDir
	Path temp;

	private URLClassLoader loader;

	@BeforeEach
	void jar() throws IOException {
		Path jar = temp.resolve("site.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String name : new String[] { "static/", "static/index.html", "static/app.css" }) {
				out.putNextEntry(new JarEntry(name));
				if (!name.endsWith("/")) {
					out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
				}
				out.closeEntry();
			}
		}
		loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null);
	}

	@AfterEach
	void close() throws IOException {
		loader.close();
	}

	@Test
	void aPlainServerServesAClasspathRootOverASocket() throws Exception {
		ServerConfig config = ServerConfig.builder()
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0")
				.location(Location.builder("/")
					.root(new ClasspathRoot(loader, "classpath:/static/"))
					.index("index.html")
					.build())
				.build())
			.build();
		try (Webserv server = new Webserv(config)) {
			server.start();
			HttpClient client = HttpClient.newHttpClient();
			HttpResponse<String> index = get(client, server, "/");
			assertThat(index.statusCode()).isEqualTo(200);
			assertThat(index.body()).isEqualTo("content of static/index.html");
			HttpResponse<String> css = get(client, server, "/app.css");
			assertThat(css.statusCode()).isEqualTo(200);
			assertThat(css.headers().firstValue("Content-Type"))
				.hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
			assertThat(css.headers().firstValue("ETag")).isPresent();
			assertThat(get(client, server, "/missing.txt").statusCode()).isEqualTo(404);
			// a dot segment is refused by the parser before any root sees it
			assertThat(get(client, server, "/%2e%2e/static/app.css").statusCode()).isEqualTo(400);
			HttpResponse<String> delete = client.send(HttpRequest.newBuilder(uri(server, "/app.css")).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(delete.statusCode()).isEqualTo(405);
		}
	}

	@Test
	void aMissingFolderIsRefusedNamingTheRoot() {
		ConfigException refused = refused(Location.builder("/").root(new ClasspathRoot(loader, "classpath:/public/")));
		assertThat(refused.setting()).isEqualTo("servers[0].locations[0].root");
		assertThat(refused).hasMessageContaining("classpath:/public/").hasMessageContaining("no such folder");
	}

	@Test
	void listingsCgiAndUploadsNeedADirectoryOnDisk() {
		ClasspathRoot root = new ClasspathRoot(loader, "classpath:/static/");
		assertThat(refused(Location.builder("/").root(root).autoindex(true)).setting())
			.isEqualTo("servers[0].locations[0].autoindex");
		assertThat(refused(Location.builder("/cgi-bin").root(root).cgi(".py", "python3")).setting())
			.isEqualTo("servers[0].locations[0].cgi");
		assertThat(refused(Location.builder("/up").root(root).uploadDir(temp)).setting())
			.isEqualTo("servers[0].locations[0].upload-dir");
	}

	@Test
	void theClassPathRootItselfIsNoFolder() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClasspathRoot(loader, "classpath:/"))
			.withMessageContaining("must name a folder");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClasspathRoot(loader, "classpath:/static/../"))
			.withMessageContaining("must name a folder");
	}

	private static ConfigException refused(Location.Builder location) {
		return catchThrowableOfType(ConfigException.class,
				() -> ServerConfig.builder()
					.server(VirtualServer.builder().listen("127.0.0.1:0").location(location.build()).build())
					.build());
	}

	private static HttpResponse<String> get(HttpClient client, Webserv server, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static java.net.URI uri(Webserv server, String path) {
		return java.net.URI.create("http://127.0.0.1:" + server.port() + path);
	}

}
