package dev.webserv.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code --webserv.servers[0].root=...} on the command line replaces the list of
 * application properties whole; the failure that follows says so.
 */
class ServerListFailureTests {

	@Test
	void explainsThatTheCommandLineReplacedTheWholeList() {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("webserv.io-threads=1", "webserv.servers[0].name=public",
					"webserv.servers[0].listen=127.0.0.1:0", "webserv.servers[0].root=src/test/resources/www")
			.run("--webserv.servers[0].root=does/not/exist"));

		FailureAnalysis analysis = new WebservServerListFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("webserv.servers[0].root", "commandLineArgs",
				"defaultProperties", "replaced the whole list");
		assertThat(analysis.getAction()).contains("placeholder");
	}

	@Test
	void aFailureWithTheListInOnePlaceIsLeftToBoot() {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--webserv.io-threads=1", "--webserv.servers[0].root=does/not/exist"));

		assertThat(new WebservServerListFailureAnalyzer().analyze(failure)).isNull();
		assertThat(failure).rootCause().hasMessageContaining("webserv.servers[0].root");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(WebservAutoConfiguration.class)
	static class App {

	}

}
