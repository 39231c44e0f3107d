package dev.webserv.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.config.Limits;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's limits and timeouts default to the core's, bare durations are seconds,
 * and the core's refusal of a value names the property.
 */
class CoreDefaultsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void everyLimitPropertyDefaultsToTheCoreValue() {
		WebservProperties.Limits limits = new WebservProperties().getLimits();
		Limits core = Limits.DEFAULTS;
		assertThat(limits.getMaxConnections()).isEqualTo(core.maxConnections());
		assertThat(limits.getBacklog()).isEqualTo(core.backlog());
		assertThat(limits.getMaxRequestLineLength().toBytes()).isEqualTo(core.maxRequestLineLength());
		assertThat(limits.getMaxHeaderCount()).isEqualTo(core.maxHeaderCount());
		assertThat(limits.getMaxBodySize().toBytes()).isEqualTo(core.maxBodySize());
		assertThat(limits.getMaxRequestsPerConnection()).isEqualTo(core.maxRequestsPerConnection());
		assertThat(limits.getBodyMemoryThreshold().toBytes()).isEqualTo(core.bodyMemoryThreshold());
		assertThat(limits.getMaxCgiProcesses()).isEqualTo(core.maxCgiProcesses());
		assertThat(limits.getMaxQueuedHandlers()).isEqualTo(core.maxQueuedHandlers());
		assertThat(limits.isReclaimAtLimit()).isEqualTo(core.reclaimAtLimit());
		assertThat(limits.getMaxFirstHeadsPerAddress()).isEqualTo(core.maxFirstHeadsPerAddress());
	}

	@Test
	void everyTimeoutPropertyDefaultsToTheCoreValue() {
		WebservProperties.Timeouts timeouts = new WebservProperties().getTimeouts();
		Timeouts core = Timeouts.DEFAULTS;
		assertThat(timeouts.getHeader()).isEqualTo(core.header());
		assertThat(timeouts.getIdle()).isEqualTo(core.idle());
		assertThat(timeouts.getBody()).isEqualTo(core.body());
		assertThat(timeouts.getMinBodyRate().toBytes()).isEqualTo(core.minBodyRate());
		assertThat(timeouts.getWrite()).isEqualTo(core.write());
		assertThat(timeouts.getMinWriteRate().toBytes()).isEqualTo(core.minWriteRate());
		assertThat(timeouts.getHandler()).isEqualTo(core.handler());
		assertThat(timeouts.getCgi()).isEqualTo(core.cgi());
		assertThat(timeouts.getProxyHeader()).isEqualTo(core.proxyHeader());
		assertThat(timeouts.getHandshake()).isEqualTo(core.handshake());
	}

	@Test
	void theServerBuiltWithoutSettingsHasTheCoreDefaults() {
		runner.run(context -> {
			ServerConfig config = context.getBean(ServerConfig.class);
			assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
			assertThat(config.timeouts()).isEqualTo(Timeouts.DEFAULTS);
		});
	}

	@Test
	void aBareNumberOfATimeoutIsSeconds() {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("webserv.timeouts.header", "10");
		source.put("webserv.timeouts.idle", "500ms");
		source.put("webserv.timeouts.shutdown", "3");
		source.put("webserv.timeouts.handshake", "4");
		WebservProperties properties = new Binder(source).bind("webserv", WebservProperties.class).get();
		assertThat(properties.getTimeouts().getHeader()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getTimeouts().getIdle()).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.getTimeouts().getShutdown()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.getTimeouts().getHandshake()).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void theHandshakeTimeoutReachesTheCore() {
		runner.withPropertyValues("webserv.timeouts.handshake=750ms")
			.run(context -> assertThat(context.getBean(ServerConfig.class).timeouts().handshake())
				.isEqualTo(Duration.ofMillis(750)));
		runner.withPropertyValues("webserv.timeouts.handshake=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("webserv.timeouts.handshake"));
	}

	@Test
	void theCoresRefusalNamesTheProperty() {
		runner.withPropertyValues("webserv.limits.backlog=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("webserv.limits.backlog")
				.hasMessageContaining("must be positive"));
		runner.withPropertyValues("webserv.timeouts.cgi=0")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("webserv.timeouts.cgi"));
		runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=-1s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase"));
	}

}
