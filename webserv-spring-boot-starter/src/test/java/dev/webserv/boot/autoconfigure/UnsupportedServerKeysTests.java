package dev.webserv.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * server.ssl and server.http2 fail start-up until webserv honours them;
 * server.compression is honoured (what it does to responses:
 * {@link AccessLogAndCompressionTests}), except excluded-user-agents.
 */
class UnsupportedServerKeysTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void tlsSettingsFailStartUp() {
		runner.withPropertyValues("server.ssl.bundle=web").run(this::failsSayingTls);
		runner.withPropertyValues("server.ssl.key-store=classpath:keystore.p12").run(this::failsSayingTls);
		runner.withPropertyValues("server.ssl.enabled=true").run(this::failsSayingTls);
	}

	private void failsSayingTls(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("server.ssl.enabled")
			.hasMessageContaining("webserv does not support TLS yet");
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
