package dev.webserv.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * webserv has no brotli encoder: a configuration asking for brotli on the fly fails
 * start-up naming the property, on a server or a location, rather than being served gzip.
 */
class BrotliRefusedTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void brotliOnAServerFailsStartUp() {
		runner
			.withPropertyValues("webserv.servers[0].compression.enabled=true",
					"webserv.servers[0].compression.brotli=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("webserv.servers[0].compression.brotli")
				.hasMessageContaining("no brotli encoder"));
	}

	@Test
	void brotliOnALocationFailsStartUp() {
		runner
			.withPropertyValues("webserv.servers[0].locations[0].path=/",
					"webserv.servers[0].locations[0].compression.brotli=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("webserv.servers[0].locations[0].compression.brotli"));
	}

	@Test
	void precompressedBrotliFilesStayWelcome() {
		runner.withPropertyValues("webserv.servers[0].compression.precompressed=true")
			.run(context -> assertThat(context).hasNotFailed());
	}

}
