package dev.webserv.boot.autoconfigure;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header, access, authentication and rate-limit keys of webserv.servers[] and their
 * locations, over HTTP; bad values fail start-up naming the property.
 */
class WebservAccessTests {

	/** Password "U*U" (Openwall's bcrypt vector). */
	private static final String ALICE = "alice:$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@TempDir
	Path directory;

	@Test
	void locationsGetAuthAccessRulesLimitsAndHeaders() throws Exception {
		Path users = Files.write(directory.resolve("users"), List.of(ALICE));
		Files.writeString(directory.resolve("index.html"), "hello");
		String server = "webserv.servers[0]";
		runner
			.withPropertyValues(server + ".root=" + directory, server + ".add-headers[0].name=X-Frame-Options",
					server + ".add-headers[0].value=DENY", server + ".limit-req-zones.api.rate=1r/m",
					server + ".limit-req-zones.api.size=100", server + ".locations[0].path=/private",
					server + ".locations[0].auth-basic.realm=Staff",
					server + ".locations[0].auth-basic.user-file=" + users, server + ".locations[1].path=/closed",
					server + ".locations[1].access=deny 127.0.0.1,allow all", server + ".locations[2].path=/api",
					server + ".locations[2].limit-req.zone=api", server + ".locations[2].limit-req.nodelay=true",
					server + ".locations[3].path=/", server + ".locations[3].expires=1h")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				HttpResponse<String> challenged = Http.get(port, "/private/");
				assertThat(challenged.statusCode()).isEqualTo(401);
				assertThat(challenged.headers().firstValue("WWW-Authenticate"))
					.hasValueSatisfying(value -> assertThat(value).startsWith("Basic realm=\"Staff\""));
				assertThat(Http
					.send(Http.request(port, "/private/")
						.header("Authorization",
								"Basic " + Base64.getEncoder()
									.encodeToString("alice:U*U".getBytes(StandardCharsets.UTF_8)))
						.build())
					.statusCode()).isEqualTo(404);
				assertThat(Http.get(port, "/closed").statusCode()).isEqualTo(403);
				assertThat(Http.get(port, "/api").statusCode()).isEqualTo(404);
				assertThat(Http.get(port, "/api").statusCode()).isEqualTo(429);
				HttpResponse<String> index = Http.get(port, "/index.html");
				assertThat(index.headers().firstValue("Cache-Control")).hasValue("max-age=3600");
				assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			});
	}

	@Test
	void serverHeaderFollowsBootsKeyAndServerTokens() {
		runner.withPropertyValues("server.server-header=Acme").run(context -> {
			int port = context.getBean(WebservWebServer.class).getPort();
			assertThat(Http.get(port, "/").headers().firstValue("Server")).hasValue("Acme");
		});
		runner.withPropertyValues("webserv.server-tokens=false").run(context -> {
			int port = context.getBean(WebservWebServer.class).getPort();
			HttpResponse<String> missing = Http.get(port, "/");
			assertThat(missing.headers().firstValue("Server")).hasValue("webserv");
			assertThat(missing.body()).doesNotContain("webserv");
		});
		runner.run(context -> {
			int port = context.getBean(WebservWebServer.class).getPort();
			assertThat(Http.get(port, "/").headers().firstValue("Server"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("webserv/"));
		});
	}

	@Test
	void trustedProxiesDecideTheClientAddress() {
		runner
			.withPropertyValues("webserv.trusted-proxies=127.0.0.1", "webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[0].access=deny 203.0.113.0/24")
			.run(context -> {
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(Http.send(Http.request(port, "/").header("X-Forwarded-For", "203.0.113.9").build())
					.statusCode()).isEqualTo(403);
			});
	}

	@Test
	void badValuesNameTheProperty() throws Exception {
		String location = "webserv.servers[0].locations[0]";
		runner.withPropertyValues(location + ".path=/", location + ".access=allow 10.0.0.0/8,allow 10.0.0.0/33")
			.run(failsWith(location + ".access[1]", "10.0.0.0/33"));
		runner.withPropertyValues("webserv.trusted-proxies=10.0.0.0/8,lb.internal")
			.run(failsWith("webserv.trusted-proxies[1]", "lb.internal"));
		Path users = Files.write(directory.resolve("users"), List.of(ALICE, "bob:plain-text"));
		runner.withPropertyValues(location + ".path=/", location + ".auth-basic.user-file=" + users)
			.run(failsWith(users.toString(), "line 2"));
		runner.withPropertyValues(location + ".path=/", location + ".auth-basic.user-file=" + directory.resolve("none"))
			.run(failsWith(location + ".auth-basic.user-file", "not a readable file"));
		runner.withPropertyValues(location + ".path=/", location + ".expires=1 hour")
			.run(failsWith(location + ".expires", "'1 hour'"));
		runner.withPropertyValues("webserv.servers[0].limit-req-zones.api.rate=10r/x")
			.run(failsWith("webserv.servers[0].limit-req-zones[api]", "'10r/x'"));
		runner.withPropertyValues(location + ".path=/", location + ".limit-req.zone=nope")
			.run(failsWith(location + ".limit-req.zone", "nope", "no such zone"));
		runner
			.withPropertyValues("webserv.servers[0].add-headers[0].name=Bad Name",
					"webserv.servers[0].add-headers[0].value=x")
			.run(failsWith("webserv.servers[0].add-headers", "'Bad Name'"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String... fragments) {
		return context -> {
			assertThat(context).hasFailed();
			Throwable match = context.getStartupFailure();
			while (match != null && !(match instanceof InvalidConfigurationPropertyValueException)
					&& !(match instanceof IllegalArgumentException)) {
				match = match.getCause();
			}
			assertThat(match).as("a configuration failure in %s", context.getStartupFailure()).isNotNull();
			assertThat(match.getMessage()).contains(fragments);
		};
	}

}
