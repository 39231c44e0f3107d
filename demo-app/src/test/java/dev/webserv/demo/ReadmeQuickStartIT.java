package dev.webserv.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows the README's quick start as a new user would: a new Spring Boot application
 * with the README's dependency snippet and application.yml, a handler bean returning a
 * record and a static/ folder, built with the Maven wrapper against this build's
 * artifacts, its jar run from another directory and called over HTTP.
 *
 * <p>
 * The artifacts go into a throw-away local repository (the README says to install them;
 * the developer's ~/.m2 is left alone), with ~/.m2 chained behind it read-only
 * (maven.repo.local.tail) for Spring Boot and the plugins, which this build has already
 * resolved: so it runs offline once ~/.m2 is warm. The listen ports of the README's yml
 * become 0, and the test reads the bound ports from the start-up log.
 */
class ReadmeQuickStartIT {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Path root = Path.of(System.getProperty("webserv.project.root")).toAbsolutePath().normalize();

	private final String version = System.getProperty("webserv.project.version");

	@Test
	void theQuickStartBuildsAnApplicationThatRunsFromAnyDirectory(@TempDir Path temp) throws Exception {
		String readme = Files.readString(root.resolve("README.md"));
		String quickStart = section(readme, "## Quick start in your Spring Boot application");
		String dependency = block(quickStart, "xml");
		String yaml = block(quickStart, "yaml");
		assertThat(dependency).contains("webserv-spring-boot-starter");
		assertThat(quickStart).contains("./mvnw -q install -DskipTests");

		Path repository = installArtifacts(temp.resolve("repository"));
		Path app = writeApplication(temp.resolve("app"), dependency, freePorts(yaml));
		build(app, repository);

		Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
		try (RunningJar running = new RunningJar(app.resolve("target/readme-app.jar"), elsewhere)) {
			int port = running.firstPort(Duration.ofSeconds(90));

			HttpResponse<String> user = get(port, "/api/users/42", "application/json");
			assertThat(user.statusCode()).as(running.output()).isEqualTo(200);
			assertThat(user.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(user.body()).isEqualTo("{\"id\":42,\"name\":\"Ada\"}");
			assertThat(get(port, "/", "text/html").body()).isEqualTo("<h1>my app</h1>\n");
			HttpResponse<String> missing = get(port, "/nothing", "text/html,*/*;q=0.8");
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.body()).isEqualTo("<h1>not here</h1>\n");
			HttpResponse<String> problem = get(port, "/nothing", "application/json");
			assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(problem.body()).contains("\"status\":404", "\"instance\":\"/nothing\"");
			assertThat(get(port, "/old", "*/*").headers().firstValue("Location")).hasValue("/new");
		}
	}

	/** The README from a heading to the next heading of its level. */
	private static String section(String readme, String heading) {
		int start = readme.indexOf(heading);
		assertThat(start).as("README section " + heading).isNotNegative();
		int end = readme.indexOf("\n## ", start + heading.length());
		return end < 0 ? readme.substring(start) : readme.substring(start, end);
	}

	/** The first fenced block of this language. */
	private static String block(String text, String language) {
		Matcher matcher = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
		assertThat(matcher.find()).as("a ```" + language + " block in the quick start").isTrue();
		return matcher.group(1);
	}

	/**
	 * The yml with every listen port made 0 (so the test never needs a fixed port); an
	 * IPv6 loopback address is kept only where this machine has one.
	 */
	private static String freePorts(String yaml) {
		String free = yaml.replaceAll("(\"[^\"\\s]*?):\\d+\"", "$1:0\"");
		if (!ipv6Loopback()) {
			free = free.replace(", \"[::1]:0\"", "");
		}
		return free;
	}

	private static boolean ipv6Loopback() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
			socket.bind(new java.net.InetSocketAddress("::1", 0));
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	/** What ./mvnw install puts into a local repository, for the three artifacts. */
	private Path installArtifacts(Path repository) throws IOException {
		copy(root.resolve("pom.xml"), repository, "webserv-parent", "pom");
		copy(root.resolve("webserv-core/pom.xml"), repository, "webserv-core", "pom");
		copy(root.resolve("webserv-core/target/webserv-core-" + version + ".jar"), repository, "webserv-core", "jar");
		copy(root.resolve("webserv-spring-boot-starter/pom.xml"), repository, "webserv-spring-boot-starter", "pom");
		copy(root.resolve("webserv-spring-boot-starter/target/webserv-spring-boot-starter-" + version + ".jar"),
				repository, "webserv-spring-boot-starter", "jar");
		return repository;
	}

	private void copy(Path file, Path repository, String artifactId, String extension) throws IOException {
		assertThat(file).as("built by this reactor before demo-app's integration tests").isRegularFile();
		Path directory = Files.createDirectories(repository.resolve("dev/webserv/" + artifactId + "/" + version));
		Files.copy(file, directory.resolve(artifactId + "-" + version + "." + extension),
				StandardCopyOption.REPLACE_EXISTING);
	}

	private Path writeApplication(Path app, String dependency, String yaml) throws IOException {
		Files.createDirectories(app.resolve(".mvn/wrapper"));
		Files.copy(root.resolve("mvnw"), app.resolve("mvnw"));
		app.resolve("mvnw").toFile().setExecutable(true);
		Files.copy(root.resolve(".mvn/wrapper/maven-wrapper.properties"),
				app.resolve(".mvn/wrapper/maven-wrapper.properties"));
		Files.writeString(app.resolve("pom.xml"), pom(dependency));
		Path resources = Files.createDirectories(app.resolve("src/main/resources/static/errors"));
		Files.writeString(app.resolve("src/main/resources/application.yml"), yaml);
		Files.writeString(app.resolve("src/main/resources/static/index.html"), "<h1>my app</h1>\n");
		Files.writeString(resources.resolve("404.html"), "<h1>not here</h1>\n");
		Path sources = Files.createDirectories(app.resolve("src/main/java/com/example"));
		Files.writeString(sources.resolve("ReadmeApp.java"), """
				package com.example;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class ReadmeApp {

					public static void main(String[] args) {
						SpringApplication.run(ReadmeApp.class, args);
					}

				}
				""");
		Files.writeString(sources.resolve("UserHandler.java"), """
				package com.example;

				import org.springframework.stereotype.Component;

				import dev.webserv.Request;
				import dev.webserv.boot.ResultHandler;
				import dev.webserv.boot.WebservRoute;

				@Component
				@WebservRoute(path = "/api/users/{id}", methods = "GET")
				class UserHandler implements ResultHandler {

					public Object handle(Request request) {
						return new User(Long.parseLong(request.pathVariable("id")), "Ada");
					}

				}

				record User(long id, String name) {
				}
				""");
		return app;
	}

	/**
	 * A Spring Boot application's pom: Boot's dependency management imported (as Boot
	 * documents for builds without its parent), the README's dependency, and the plugin
	 * versions this build uses, so nothing new is downloaded.
	 */
	private static String pom(String dependency) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
				  <modelVersion>4.0.0</modelVersion>
				  <groupId>com.example</groupId>
				  <artifactId>readme-app</artifactId>
				  <version>1.0</version>
				  <properties>
				    <maven.compiler.release>17</maven.compiler.release>
				    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
				  </properties>
				  <dependencyManagement>
				    <dependencies>
				      <dependency>
				        <groupId>org.springframework.boot</groupId>
				        <artifactId>spring-boot-dependencies</artifactId>
				        <version>BOOT</version>
				        <type>pom</type>
				        <scope>import</scope>
				      </dependency>
				    </dependencies>
				  </dependencyManagement>
				  <dependencies>
				DEPENDENCY
				  </dependencies>
				  <build>
				    <finalName>readme-app</finalName>
				    <plugins>
				      <plugin>
				        <artifactId>maven-compiler-plugin</artifactId>
				        <version>3.14.1</version>
				      </plugin>
				      <plugin>
				        <artifactId>maven-surefire-plugin</artifactId>
				        <version>3.5.6</version>
				      </plugin>
				      <plugin>
				        <groupId>org.springframework.boot</groupId>
				        <artifactId>spring-boot-maven-plugin</artifactId>
				        <version>BOOT</version>
				        <executions>
				          <execution>
				            <goals>
				              <goal>repackage</goal>
				            </goals>
				          </execution>
				        </executions>
				      </plugin>
				    </plugins>
				  </build>
				</project>
				""".replace("BOOT", System.getProperty("webserv.spring-boot.version"))
			.replace("DEPENDENCY", dependency);
	}

	/**
	 * ./mvnw package, offline first (everything it needs is in ~/.m2 once this build has
	 * run); online when something is missing there.
	 */
	private static void build(Path app, Path repository) throws Exception {
		List<String> command = new ArrayList<>(List.of(app.resolve("mvnw").toString(), "-B", "-ntp", "package",
				"-DskipTests", "-Dmaven.repo.local=" + repository,
				"-Dmaven.repo.local.tail=" + System.getProperty("webserv.maven.repository")));
		Path log = app.resolve("build.log");
		if (run(app, command, "-o", log) != 0) {
			assertThat(run(app, command, "-U", log))
				.as("./mvnw package of the README application:\n" + Files.readString(log))
				.isZero();
		}
	}

	private static int run(Path app, List<String> command, String flag, Path log) throws Exception {
		List<String> full = new ArrayList<>(command);
		full.add(flag);
		ProcessBuilder builder = new ProcessBuilder(full).directory(app.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		Process process = builder.start();
		if (!process.waitFor(8, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("the application's build took over 8 minutes:\n" + Files.readString(log));
		}
		return process.exitValue();
	}

	private static HttpResponse<String> get(int port, String path, String accept) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
