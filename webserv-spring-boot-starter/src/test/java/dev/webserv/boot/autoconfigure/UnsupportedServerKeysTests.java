package dev.webserv.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * server.http2 fails start-up until webserv honours it; server.compression is honoured
 * (what it does to responses: {@link AccessLogAndCompressionTests}), except
 * excluded-user-agents; server.ssl is honoured (see {@link SslPropertiesTests}), and so
 * is management.server.ssl on a management port of its own ({@link ManagementSslTests});
 * TLS settings that cannot work fail start-up naming their property.
 */
class UnsupportedServerKeysTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void tlsSettingsThatCannotWorkFailStartUpNamingTheProperty() {
		runner.withPropertyValues("server.ssl.bundle=web").run(context -> failsNaming(context, "server.ssl.bundle"));
		runner.withPropertyValues("server.ssl.key-store=classpath:keystore.p12")
			.run(context -> failsNaming(context, "server.ssl.key-store"));
		runner.withPropertyValues("server.ssl.enabled=true")
			.run(context -> failsNaming(context, "server.ssl.key-store"));
	}

	private void failsNaming(org.springframework.boot.test.context.assertj.AssertableApplicationContext context,
			String property) {
		assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining(property);
	}

	@Test
	void managementServerSslWithoutAManagementPortOfItsOwnFailsStartUp() {
		runner.withPropertyValues("management.server.ssl.enabled=true", "management.server.ssl.bundle=x")
			.run(context -> failsNaming(context, "management.server.ssl.enabled"));
	}

	/** Left from Reactor Netty, Tomcat or Jetty, they would be silently ignored. */
	@Test
	void anotherServersKeysFailStartUpNamingThem() {
		runner.withPropertyValues("server.netty.idle-timeout=30s").run(context -> failsNaming(context, "server.netty"));
		runner.withPropertyValues("server.tomcat.max-connections=10")
			.run(context -> failsNaming(context, "server.tomcat"));
		runner.withPropertyValues("server.jetty.threads.max=10").run(context -> failsNaming(context, "server.jetty"));
	}

	@Test
	void http2FailsStartUp() {
		runner.withPropertyValues("server.http2.enabled=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("server.http2.enabled")
				.hasMessageContaining("does not support HTTP/2 yet"));
	}

	@Test
	void compressionStartsAndIsHonoured() {
		runner.withPropertyValues("server.compression.enabled=true")
			.run(context -> assertThat(context.getBean(WebservWebServer.class).getWebserv().state())
				.isEqualTo(Webserv.State.RUNNING));
		runner.withPropertyValues("server.compression.enabled=true", "server.compression.excluded-user-agents=curl")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("server.compression.excluded-user-agents"));
		runner.withPropertyValues("server.compression.enabled=true", "server.compression.mime-types=text html")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("server.compression.mime-types"));
	}

	@Test
	void settingsThatLeaveTheFeaturesOffStart() {
		runner
			.withPropertyValues("server.ssl.enabled=false", "server.ssl.bundle=web", "server.compression.enabled=false",
					"server.compression.min-response-size=1KB", "server.http2.enabled=false")
			.run(context -> assertThat(context.getBean(WebservWebServer.class).getWebserv().state())
				.isEqualTo(Webserv.State.RUNNING));
		runner.run(context -> assertThat(context).hasNotFailed());
	}

}
