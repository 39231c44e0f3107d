package dev.webserv.boot.autoconfigure;

import org.springframework.boot.test.context.runner.ContextConsumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.boot.ResultHandler;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservRoute;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong configuration fails start-up with a message that names the property or the beans.
 */
class WebservValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void unknownHttpMethodNamesTheProperty() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[0].methods=GET,FETCH")
			.run(failsWith(InvalidConfigurationPropertyValueException.class,
					"webserv.servers[0].locations[0].methods[1]", "FETCH", "unknown HTTP method"));
	}

	@Test
	void negativeSizeNamesTheProperty() {
		runner.withPropertyValues("webserv.limits.max-body-size=-1MB")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.limits.max-body-size",
					"must not be negative"));
		runner.withPropertyValues("webserv.servers[0].client-max-body-size=-5B")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].client-max-body-size",
					"must not be negative"));
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/up",
					"webserv.servers[0].locations[0].client-max-body-size=-1KB")
			.run(failsWith(InvalidConfigurationPropertyValueException.class,
					"webserv.servers[0].locations[0].client-max-body-size", "must not be negative"));
	}

	@Test
	void zeroCountsAndDurationsNameTheProperty() {
		runner.withPropertyValues("webserv.limits.max-connections=0")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.limits.max-connections",
					"must be positive"));
		runner.withPropertyValues("webserv.timeouts.idle=0s")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.timeouts.idle",
					"must be positive"));
		runner.withPropertyValues("server.max-http-request-header-size=0B")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "server.max-http-request-header-size",
					"must be positive"));
	}

	@Test
	void missingRootNamesTheProperty() {
		runner.withPropertyValues("webserv.servers[0].root=does/not/exist")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].root",
					"does not exist"));
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/x",
					"webserv.servers[0].locations[0].root=pom.xml")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].root",
					"is not a directory"));
	}

	@Test
	void twoServersClaimingTheSameAddressAndNameFail() {
		runner
			.withPropertyValues("webserv.servers[0].listen=127.0.0.1:18080",
					"webserv.servers[0].server-names=a.test,b.test", "webserv.servers[1].listen=127.0.0.1:18080",
					"webserv.servers[1].server-names=B.test")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[1].server-names",
					"webserv.servers[0] and webserv.servers[1] both claim 'b.test' on 127.0.0.1:18080"));
		runner
			.withPropertyValues("webserv.servers[0].listen=127.0.0.1:18080",
					"webserv.servers[1].listen=127.0.0.1:18080")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[1].server-names",
					"both answer any host (no server-names) on 127.0.0.1:18080"));
	}

	@Test
	void serversWithDifferentNamesMayShareAnAddress() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		runner
			.withPropertyValues("webserv.servers[0].listen=127.0.0.1:" + port, "webserv.servers[0].server-names=a.test",
					"webserv.servers[1].listen=127.0.0.1:" + port, "webserv.servers[1].server-names=b.test")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(dev.webserv.boot.WebservWebServer.class).getServerPorts())
					.containsEntry("0", java.util.List.of(port))
					.containsEntry("1", java.util.List.of(port));
			});
	}

	@Test
	void serversAskingForPortZeroGetAPortEach() {
		runner.withPropertyValues("webserv.servers[0].listen=127.0.0.1:0", "webserv.servers[1].listen=127.0.0.1:0")
			.run(context -> {
				dev.webserv.boot.WebservWebServer server = context.getBean(dev.webserv.boot.WebservWebServer.class);
				assertThat(server.getPort("0")).isPositive().isNotEqualTo(server.getPort("1"));
				assertThat(server.getPort("1")).isPositive();
			});
	}

	@Test
	void badListenAddressNamesTheProperty() {
		runner.withPropertyValues("webserv.servers[0].listen=127.0.0.1:http")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].listen[0]",
					"no valid port"));
	}

	@Test
	void badRedirectNamesTheProperty() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/old",
					"webserv.servers[0].locations[0].redirect.status=200",
					"webserv.servers[0].locations[0].redirect.location=/new")
			.run(failsWith(InvalidConfigurationPropertyValueException.class,
					"webserv.servers[0].locations[0].redirect.status", "301, 302, 303, 307 or 308"));
	}

	@Test
	void locationPathMustStartWithSlash() {
		runner.withPropertyValues("webserv.servers[0].locations[0].path=uploads")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].path",
					"must start with '/'"));
	}

	@Test
	void missingCgiInterpreterNamesTheProperty() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/cgi-bin",
					"webserv.servers[0].root=src/test/resources/www",
					"webserv.servers[0].locations[0].cgi.py=/no/such/python")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].cgi[.py]",
					"does not exist"));
	}

	@Test
	void anEmptyCgiInterpreterRunsTheScriptItselfAndPassingAuthorizationIsBound() {
		runner
			.withPropertyValues("webserv.servers[0].root=src/test/resources/www",
					"webserv.servers[0].locations[0].path=/cgi-bin", "webserv.servers[0].locations[0].cgi[.cgi]=",
					"webserv.servers[0].locations[0].cgi-pass-authorization=true")
			.run(context -> {
				assertThat(context).hasNotFailed();
				dev.webserv.config.Location location = context.getBean(dev.webserv.config.ServerConfig.class)
					.servers()
					.get(0)
					.locations()
					.get(0);
				assertThat(location.cgi()).containsEntry(".cgi", "");
				assertThat(location.cgiPassAuthorization()).isTrue();
			});
	}

	@Test
	void twoLocationsWithOnePathFailNamingBoth() {
		runner
			.withPropertyValues("webserv.servers[0].root=src/test/resources/www",
					"webserv.servers[0].locations[0].path=/a", "webserv.servers[0].locations[1].path=/a")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[1].path",
					"webserv.servers[0].locations[0] and webserv.servers[0].locations[1]: duplicate location /a"));
	}

	@Test
	void aMethodNothingServesNamesTheProperty() {
		runner
			.withPropertyValues("webserv.servers[0].root=src/test/resources/www",
					"webserv.servers[0].locations[0].path=/", "webserv.servers[0].locations[0].methods=GET,POST")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].methods",
					"allows POST but nothing there serves it"));
	}

	@Test
	void cgiAndUploadsCannotShareALocation() {
		runner
			.withPropertyValues("webserv.servers[0].root=src/test/resources/www",
					"webserv.servers[0].locations[0].path=/up", "webserv.servers[0].locations[0].upload-dir=target/up",
					"webserv.servers[0].locations[0].cgi.py=python3")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].cgi",
					"cannot be combined"));
	}

	@Test
	void cgiNeedsARoot() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/cgi-bin",
					"webserv.servers[0].locations[0].cgi.py=python3")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].cgi",
					"set webserv.servers[0].locations[0].root or the server's root"));
	}

	@Test
	void errorPagesNeedARoot() {
		runner.withPropertyValues("webserv.servers[0].error-pages.404=/404.html")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].error-pages[404]",
					"set webserv.servers[0].root"));
	}

	@Test
	void missingLocationHandlerBeanNamesTheProperty() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/hook",
					"webserv.servers[0].locations[0].handler=nope")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[0].locations[0].handler",
					"no bean named 'nope'"));
	}

	@Test
	void duplicateServerNamesFail() {
		runner
			.withPropertyValues("webserv.servers[0].name=a", "webserv.servers[0].listen=127.0.0.1:0",
					"webserv.servers[1].name=a", "webserv.servers[1].listen=127.0.0.1:0")
			.run(failsWith(InvalidConfigurationPropertyValueException.class, "webserv.servers[1].name",
					"another server already has this name"));
	}

	@Test
	void routeConflictNamesBothBeans() {
		runner.withUserConfiguration(ConflictingRoutes.class)
			.run(failsWith(IllegalStateException.class, "'firstUser'", "'secondUser'", "/api/users/{"));
	}

	@Test
	void routeConflictBetweenAnnotationAndDslNamesBoth() {
		runner.withUserConfiguration(ConflictingDsl.class)
			.run(failsWith(IllegalStateException.class, "'annotated'", "'dsl (GET /x)'"));
	}

	@Test
	void unknownMethodOnARouteNamesTheBean() {
		runner.withUserConfiguration(UnknownMethodRoute.class)
			.run(failsWith(IllegalStateException.class, "@WebservRoute bean 'odd'", "unknown HTTP method 'FETCH'"));
	}

	@Test
	void routeForAnUnknownServerNamesTheBean() {
		runner.withUserConfiguration(UnknownServerRoute.class)
			.withPropertyValues("webserv.servers[0].name=public")
			.run(failsWith(IllegalStateException.class, "@WebservRoute bean 'lost'", "names server 'admin'",
					"servers: public"));
	}

	@Test
	void annotatedBeanMustBeAHandler() {
		runner.withUserConfiguration(NotAHandler.class)
			.run(failsWith(IllegalStateException.class, "@WebservRoute bean 'text'", "implements neither"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(Class<? extends Throwable> type,
			String... fragments) {
		return context -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			Throwable match = failure;
			while (match != null && !type.isInstance(match)) {
				match = match.getCause();
			}
			assertThat(match).as("a %s in the causes of %s", type.getSimpleName(), failure).isNotNull();
			assertThat(match.getMessage()).contains(fragments);
		};
	}

	@Configuration(proxyBeanMethods = false)
	static class ConflictingRoutes {

		@Bean
		@WebservRoute(path = "/api/users/{id}", methods = { "GET", "POST" })
		Handler firstUser() {
			return request -> Response.ok("1");
		}

		@Bean
		@WebservRoute(path = "/api/users/{name}", methods = "GET")
		ResultHandler secondUser() {
			return request -> "2";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConflictingDsl {

		@Bean
		@WebservRoute(path = "/x")
		ResultHandler annotated() {
			return request -> "a";
		}

		@Bean
		Routes dsl() {
			return Routes.builder().get("/x", request -> "b").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownMethodRoute {

		@Bean
		@WebservRoute(path = "/x", methods = "FETCH")
		ResultHandler odd() {
			return request -> "a";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownServerRoute {

		@Bean
		@WebservRoute(path = "/x", servers = "admin")
		ResultHandler lost() {
			return request -> "a";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotAHandler {

		@Bean
		@WebservRoute(path = "/x")
		String text() {
			return "not a handler";
		}

	}

}
