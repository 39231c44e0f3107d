package dev.webserv.compression;

import static dev.webserv.compression.GzipStreamTest.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

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

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.Webserv;
import dev.webserv.config.ClasspathRoot;
import dev.webserv.config.Compression;
import dev.webserv.config.Location;
import dev.webserv.testing.TestServers;

/**
 * gzip_static under a class path root ({@code classpath:/site/}), as the starter builds
 * for {@code root: classpath:/static/}: from a directory (a file body) and from a jar (a
 * stream body, the plain entry's stream closed).
 */
class PrecompressedClasspathTest {

	private static final byte[] CSS = "body { color: red; }\n".repeat(50).getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path dir;

	private final HttpClient client = HttpClient.newHttpClient();

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void sendsTheGzipSiblingToClientsThatAcceptIt(boolean jar) throws Exception {
		byte[] gz = GzipStream.gzip(CSS, 9);
		URL url = jar ? jar(gz) : directory(gz);
		try (URLClassLoader loader = new URLClassLoader(new URL[] { url }, null)) {
			Webserv server = TestServers.start(s -> s.location(Location.builder("/")
				.root(new ClasspathRoot(loader, "classpath:/site/"))
				.index("index.html")
				.compression(Compression.OFF.withPrecompressed(true))
				.build()));
			try {
				HttpResponse<byte[]> zipped = get(server, "/style.css", "gzip");
				assertThat(zipped.statusCode()).isEqualTo(200);
				assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
				assertThat(zipped.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
				assertThat(zipped.headers().allValues("Vary")).containsExactly("Accept-Encoding");
				assertThat(zipped.body()).isEqualTo(gz);
				assertThat(gunzip(zipped.body())).isEqualTo(CSS);
				HttpResponse<byte[]> plain = get(server, "/style.css", "identity");
				assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
				assertThat(plain.body()).isEqualTo(CSS);
				HttpResponse<byte[]> none = get(server, "/other.css", "gzip");
				assertThat(none.headers().firstValue("Content-Encoding")).isEmpty();
				assertThat(none.body()).isEqualTo(CSS);
			}
			finally {
				server.stop();
			}
		}
	}

	private URL directory(byte[] gz) throws Exception {
		Path site = Files.createDirectories(dir.resolve("classes/site"));
		Files.write(site.resolve("style.css"), CSS);
		Files.write(site.resolve("style.css.gz"), gz);
		Files.write(site.resolve("other.css"), CSS);
		return dir.resolve("classes").toUri().toURL();
	}

	private URL jar(byte[] gz) throws Exception {
		Path jar = dir.resolve("site.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			entry(out, "site/", new byte[0]);
			entry(out, "site/style.css", CSS);
			entry(out, "site/style.css.gz", gz);
			entry(out, "site/other.css", CSS);
		}
		return jar.toUri().toURL();
	}

	private static void entry(JarOutputStream out, String name, byte[] bytes) throws Exception {
		out.putNextEntry(new JarEntry(name));
		out.write(bytes);
		out.closeEntry();
	}

	private HttpResponse<byte[]> get(Webserv server, String path, String accept) throws Exception {
		return client.send(
				HttpRequest.newBuilder(TestServers.uri(server, path)).header("Accept-Encoding", accept).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

}
