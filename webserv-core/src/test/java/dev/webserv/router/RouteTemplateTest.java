package dev.webserv.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RouteTemplateTest {

	@Test
	void matchesLiteralSegmentsExactly() {
		RouteTemplate template = new RouteTemplate("/users/me");
		assertThat(template.match("/users/me")).isEmpty();
		assertThat(template.match("/users/mee")).isNull();
		assertThat(template.match("/users")).isNull();
		assertThat(template.match("/users/me/x")).isNull();
	}

	@Test
	void bindsOneSegmentPerVariable() {
		RouteTemplate template = new RouteTemplate("/users/{id}/posts/{post}");
		assertThat(template.match("/users/7/posts/9")).isEqualTo(Map.of("id", "7", "post", "9"));
		assertThat(template.match("/users//posts/9")).isNull();
		assertThat(template.match("/users/7/posts")).isNull();
	}

	@Test
	void matchesTheRootOnlyForTheRootTemplate() {
		assertThat(new RouteTemplate("/").match("/")).isEmpty();
		assertThat(new RouteTemplate("/").match("/a")).isNull();
	}

	@Test
	void takesTheRemainingSegmentsWithACatchAll() {
		RouteTemplate template = new RouteTemplate("/actuator/health/{*path}");
		assertThat(template.match("/actuator/health")).isEqualTo(Map.of("path", ""));
		assertThat(template.match("/actuator/health/liveness")).isEqualTo(Map.of("path", "/liveness"));
		assertThat(template.match("/actuator/health/db/primary")).isEqualTo(Map.of("path", "/db/primary"));
		assertThat(template.match("/actuator/healthz")).isNull();
	}

	@Test
	void ranksLiteralsAboveVariablesAboveACatchAll() {
		int literal = new RouteTemplate("/actuator/health").specificity();
		int catchAll = new RouteTemplate("/actuator/health/{*path}").specificity();
		int variable = new RouteTemplate("/actuator/{name}").specificity();
		assertThat(literal).isGreaterThan(catchAll);
		assertThat(catchAll).isGreaterThan(variable);
	}

	@Test
	void refusesACatchAllBeforeTheLastSegment() {
		assertThatThrownBy(() -> new RouteTemplate("/{*rest}/x")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void treatsTemplatesThatDifferOnlyInVariableNamesAsTheSame() {
		assertThat(new RouteTemplate("/users/{id}")).isEqualTo(new RouteTemplate("/users/{name}"));
		assertThat(new RouteTemplate("/users/{*id}")).isNotEqualTo(new RouteTemplate("/users/{id}"));
	}

}
