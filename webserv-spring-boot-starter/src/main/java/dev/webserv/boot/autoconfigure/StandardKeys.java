package dev.webserv.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.webserv.config.ListenAddress;

/**
 * Spring Boot's own keys that webserv honours, read with the {@link Binder} so that no
 * web-server module has to register {@code ServerProperties}: server.port,
 * server.address, server.shutdown, server.max-http-request-header-size,
 * spring.lifecycle.timeout-per-shutdown-phase, spring.threads.virtual.enabled,
 * server.server-header and server.compression.*.
 */
final class StandardKeys {

	private final Environment environment;

	private final Binder binder;

	StandardKeys(Environment environment) {
		this.environment = environment;
		this.binder = Binder.get(environment);
	}

	/**
	 * Whether this is a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}: then every
	 * listen address gets a free port, as Boot's own servers do, whatever it says.
	 */
	boolean randomPortTest() {
		return "RANDOM_PORT".equals(environment.getProperty(WebservTestContextCustomizerFactory.PROPERTY));
	}

	/**
	 * Whether this is a {@code @SpringBootTest(webEnvironment = NONE)}: then no listener
	 * starts, as with Boot's own servers.
	 */
	boolean noWebServerTest() {
		return "NONE".equals(environment.getProperty(WebservTestContextCustomizerFactory.PROPERTY));
	}

	/**
	 * server.address:server.port (8080 by default; 0 picks a free port, as RANDOM_PORT
	 * tests set).
	 */
	ListenAddress primaryAddress() {
		int port = binder.bind("server.port", Integer.class).orElse(8080);
		String host = binder.bind("server.address", String.class).orElse(null);
		try {
			return new ListenAddress(host, port);
		}
		catch (IllegalArgumentException e) {
			throw new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
					"server.port", port, "webserv needs a port from 0 to 65535");
		}
	}

	/** Fails on the server.* features webserv does not honour yet (TLS, HTTP/2). */
	void refuseUnsupported() {
		UnsupportedServerKeys.refuse(environment);
	}

	/**
	 * Whether management.server.port is a port of its own (it may then take server.ssl).
	 */
	boolean separateManagementPort() {
		return UnsupportedServerKeys.separateManagementPort(binder);
	}

	/** webserv's trusted proxies under server.forward-headers-strategy. */
	java.util.List<String> trustedProxies(java.util.List<String> configured) {
		return ForwardHeaders.trustedProxies(environment, configured);
	}

	Shutdown shutdown() {
		return binder.bind("server.shutdown", Shutdown.class).orElse(Shutdown.GRACEFUL);
	}

	DataSize maxHttpRequestHeaderSize() {
		return binder.bind("server.max-http-request-header-size", DataSize.class).orElse(DataSize.ofKilobytes(8));
	}

	Duration shutdownPhaseTimeout() {
		return binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
	}

	/** server.server-header, or null when unset. */
	String serverHeader() {
		return binder.bind("server.server-header", String.class).orElse(null);
	}

	/** server.compression, for the server on server.port; null when not enabled. */
	org.springframework.boot.web.server.Compression compression() {
		return binder.bind("server.compression", org.springframework.boot.web.server.Compression.class)
			.map(compression -> compression.getEnabled() ? compression : null)
			.orElse(null);
	}

	boolean virtualThreadsEnabled() {
		return binder.bind("spring.threads.virtual.enabled", Boolean.class).orElse(false);
	}

}
