package dev.webserv.boot.autoconfigure;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Http2;
import org.springframework.core.env.Environment;

/**
 * Boot's server.http2.* that webserv does not honour yet: setting it fails start-up
 * rather than leaving an HTTP/1.1 server running as if it had been honoured;
 * server.http2.enabled=false is fine. server.compression.* is honoured (see
 * {@link LogZipMapper#standard}), and so is server.ssl.* (see {@link SslMapper}).
 */
final class UnsupportedServerKeys {

	private UnsupportedServerKeys() {
	}

	static void refuse(Environment environment) {
		Binder binder = Binder.get(environment);
		if (binder.bind("server.http2", Http2.class).map(Http2::isEnabled).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("server.http2.enabled", true,
					"webserv does not support HTTP/2 yet; it speaks HTTP/1.1. Set server.http2.enabled=false");
		}
	}

}
