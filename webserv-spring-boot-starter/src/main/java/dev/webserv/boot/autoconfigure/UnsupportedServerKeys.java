package dev.webserv.boot.autoconfigure;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.Environment;

/**
 * Boot's server.http2.* that webserv does not honour yet, management.server.ssl.* where
 * nothing would use it (no separate management.server.port), and another server's own
 * keys (server.netty.*, server.tomcat.*, server.jetty.*, say left from a switch to
 * webserv) while webserv is the application's server: setting them fails start-up rather
 * than leaving a server running as if they had been honoured; server.http2.enabled=false
 * is fine. server.compression.* is honoured (see {@link LogZipMapper#standard}), and so
 * are server.ssl.* and, on a management port of its own, management.server.ssl.* (see
 * {@link SslMapper}).
 */
final class UnsupportedServerKeys {

	private UnsupportedServerKeys() {
	}

	private static final String[] OTHER_SERVERS = { "server.netty", "server.tomcat", "server.jetty" };

	static void refuse(Environment environment) {
		refuseOtherServersKeys(environment);
		Binder binder = Binder.get(environment);
		if (binder.bind("management.server.ssl", Ssl.class).map(ssl -> ssl.isEnabled()).orElse(false)
				&& !separateManagementPort(binder)) {
			throw new InvalidConfigurationPropertyValueException("management.server.ssl.enabled", true,
					"applies only to a management.server.port other than server.port; Actuator on server.port is "
							+ "served with server.ssl. Set management.server.port, or remove management.server.ssl");
		}
		if (binder.bind("server.http2", Http2.class).map(Http2::isEnabled).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("server.http2.enabled", true,
					"webserv does not support HTTP/2 yet; it speaks HTTP/1.1. Set server.http2.enabled=false");
		}
	}

	private static void refuseOtherServersKeys(Environment environment) {
		for (String prefix : OTHER_SERVERS) {
			ConfigurationPropertyName name = ConfigurationPropertyName.of(prefix);
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
				if (source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
					throw new InvalidConfigurationPropertyValueException(prefix, "(set)",
							"configures another web server; webserv is this application's server and does not read "
									+ "it. Use webserv.limits.* and webserv.timeouts.* (docs/spring-boot.md), "
									+ "or remove " + prefix + ".*");
				}
			}
		}
	}

	/**
	 * Whether Boot's ManagementPortType is not SAME: a management port set, and not
	 * server.port (0 on both: two free ports).
	 */
	static boolean separateManagementPort(Binder binder) {
		Integer management = binder.bind("management.server.port", Integer.class).orElse(null);
		int server = binder.bind("server.port", Integer.class).orElse(8080);
		return management != null && (management == 0 || management != server);
	}

}
