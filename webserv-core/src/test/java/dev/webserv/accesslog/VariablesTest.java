package dev.webserv.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.webserv.config.LogPattern;

/** The variables the configuration accepts are exactly those the log can write. */
class VariablesTest {

	@Test
	void everyVariableTheConfigurationAcceptsHasAValue() {
		for (String name : LogPattern.VARIABLES) {
			assertThat(Variables.named(name, "example.test")).as(name).isNotNull();
		}
		assertThat(Variables.named("http_x_forwarded_for", "")).isNotNull();
		assertThat(LogPattern.VARIABLES)
			.containsAll(LogPattern.JSON_FIELDS.stream().filter(name -> !name.startsWith("http_")).toList());
	}

	@Test
	void badPatternsFailNamingTheProblem() {
		assertThatThrownBy(() -> LogPattern.of("$status $upstream_addr")).hasMessageContaining("$upstream_addr");
		assertThatThrownBy(() -> LogPattern.of("cost: $")).hasMessageContaining("offset 6");
		assertThatThrownBy(() -> LogPattern.of("${status")).hasMessageContaining("offset 0");
		assertThatThrownBy(() -> Variables.named("nope", "")).hasMessageContaining("$nope");
	}

}
