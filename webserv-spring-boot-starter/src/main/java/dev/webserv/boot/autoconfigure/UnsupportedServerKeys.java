package dev.webserv.boot.autoconfigure;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.Environment;

/**
 * Boot's server.http2.* and management.server.ssl.* that webserv does not honour yet:
 * setting them fails start-up rather than leaving an HTTP/1.1 or plain server running as
 * if they had been honoured; server.http2.enabled=false is fine. server.compression.* is
 * honoured (see {@link LogZipMapper#standard}), and so is server.ssl.* (see
 * {@link SslMapper}).
 */
final class UnsupportedServerKeys {

	private UnsupportedServerKeys() {
	}

	static void refuse(Environment environment) {
		Binder binder = Binder.get(environment);
		if (binder.bind("management.server.ssl", Ssl.class).map(ssl -> ssl.isEnabled()).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("management.server.ssl.enabled", true,
					"webserv does not serve the management port over TLS yet. Leave management.server.port unset "
							+ "(Actuator then shares the HTTPS server.port), or set management.server.ssl.enabled=false");
		}
		if (binder.bind("server.http2", Http2.class).map(Http2::isEnabled).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("server.http2.enabled", true,
					"webserv does not support HTTP/2 yet; it speaks HTTP/1.1. Set server.http2.enabled=false");
		}
	}

}
