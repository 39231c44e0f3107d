package dev.webserv.boot.autoconfigure;

import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.Environment;

/**
 * Boot's server.ssl.* and server.http2.* that webserv does not honour yet: setting one
 * fails start-up rather than leaving a plain HTTP/1.1 server running as if it had been
 * honoured. Keys that leave the feature off (server.ssl.enabled=false,
 * server.http2.enabled=false) are fine. server.compression.* is honoured (see
 * {@link LogZipMapper#standard}).
 */
final class UnsupportedServerKeys {

	private UnsupportedServerKeys() {
	}

	static void refuse(Environment environment) {
		Binder binder = Binder.get(environment);
		BindResult<Ssl> ssl = binder.bind("server.ssl", Ssl.class);
		if (ssl.isBound() && ssl.get().isEnabled()) {
			throw new InvalidConfigurationPropertyValueException("server.ssl.enabled", true,
					"webserv does not support TLS yet. Remove the server.ssl.* properties or set "
							+ "server.ssl.enabled=false, and terminate TLS in front of webserv (a proxy or load "
							+ "balancer)");
		}
		if (binder.bind("server.http2", Http2.class).map(Http2::isEnabled).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("server.http2.enabled", true,
					"webserv does not support HTTP/2 yet; it speaks HTTP/1.1. Set server.http2.enabled=false");
		}
	}

}
