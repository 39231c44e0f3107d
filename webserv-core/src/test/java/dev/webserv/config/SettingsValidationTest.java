package dev.webserv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsValidationTest {

	@Test
	void acceptsTheDefaults() {
		assertThatCode(() -> Limits.DEFAULTS.withMaxConnections(Limits.DEFAULTS.maxConnections()))
			.doesNotThrowAnyException();
		assertThatCode(() -> Timeouts.DEFAULTS.withHeader(Timeouts.DEFAULTS.header())).doesNotThrowAnyException();
	}

	static Stream<Arguments> positiveLimits() {
		Limits d = Limits.DEFAULTS;
		return Stream.of(limit("limits.max-connections", d::withMaxConnections),
				limit("limits.backlog", d::withBacklog),
				limit("limits.max-request-line-length", d::withMaxRequestLineLength),
				limit("limits.max-header-size", d::withMaxHeaderSize),
				limit("limits.max-header-count", d::withMaxHeaderCount),
				limit("limits.body-memory-threshold", d::withBodyMemoryThreshold),
				limit("limits.max-cgi-processes", d::withMaxCgiProcesses));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("positiveLimits")
	void refusesAPositiveLimitAtZeroNamingItAndTakesOne(String setting, IntFunction<Limits> with) {
		InvalidSettingException refused = catchThrowableOfType(InvalidSettingException.class, () -> with.apply(0));

		assertThat(refused.setting()).isEqualTo(setting);
		assertThat(refused.value()).isEqualTo(0L);
		assertThat(refused.reason()).isEqualTo("must be positive");
		assertThat(refused).hasMessage(setting + " must be positive: 0");
		assertThatCode(() -> with.apply(1)).doesNotThrowAnyException();
	}

	static Stream<Arguments> nonNegativeSettings() {
		Limits l = Limits.DEFAULTS;
		Timeouts t = Timeouts.DEFAULTS;
		return Stream.of(Arguments.of("limits.max-body-size", (LongFunction<Object>) l::withMaxBodySize),
				Arguments.of("limits.max-requests-per-connection",
						(LongFunction<Object>) value -> l.withMaxRequestsPerConnection((int) value)),
				Arguments.of("limits.max-first-heads-per-address",
						(LongFunction<Object>) value -> l.withMaxFirstHeadsPerAddress((int) value)),
				Arguments.of("timeouts.min-body-rate", (LongFunction<Object>) t::withMinBodyRate),
				Arguments.of("timeouts.min-write-rate", (LongFunction<Object>) t::withMinWriteRate));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("nonNegativeSettings")
	void refusesANegativeSettingNamingItAndTakesZero(String setting, LongFunction<Object> with) {
		InvalidSettingException refused = catchThrowableOfType(InvalidSettingException.class, () -> with.apply(-1));

		assertThat(refused.setting()).isEqualTo(setting);
		assertThat(refused.value()).isEqualTo(-1L);
		assertThat(refused.reason()).isEqualTo("must not be negative");
		assertThatCode(() -> with.apply(0)).doesNotThrowAnyException();
	}

	static Stream<Arguments> timeouts() {
		Timeouts t = Timeouts.DEFAULTS;
		return Stream.of(timeout("timeouts.header", t::withHeader), timeout("timeouts.idle", t::withIdle),
				timeout("timeouts.body", t::withBody), timeout("timeouts.write", t::withWrite),
				timeout("timeouts.handler", t::withHandler), timeout("timeouts.cgi", t::withCgi));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("timeouts")
	void refusesAZeroOrMissingTimeoutNamingItAndTakesOneMillisecond(String setting,
			java.util.function.Function<Duration, Timeouts> with) {
		for (Duration bad : new Duration[] { Duration.ZERO, Duration.ofMillis(-1), null }) {
			InvalidSettingException refused = catchThrowableOfType(InvalidSettingException.class,
					() -> with.apply(bad));

			assertThat(refused.setting()).isEqualTo(setting);
			assertThat(refused.value()).isEqualTo(bad);
		}
		assertThatCode(() -> with.apply(Duration.ofMillis(1))).doesNotThrowAnyException();
	}

	@Test
	void refusesANegativeShutdownButTakesZero() {
		InvalidSettingException refused = catchThrowableOfType(InvalidSettingException.class,
				() -> Timeouts.DEFAULTS.withShutdown(Duration.ofSeconds(-1)));

		assertThat(refused.setting()).isEqualTo("timeouts.shutdown");
		assertThatCode(() -> Timeouts.DEFAULTS.withShutdown(Duration.ZERO)).doesNotThrowAnyException();
	}

	private static Arguments limit(String setting, IntFunction<Limits> with) {
		return Arguments.of(setting, with);
	}

	private static Arguments timeout(String setting, java.util.function.Function<Duration, Timeouts> with) {
		return Arguments.of(setting, with);
	}

}
