package dev.webserv.boot.autoconfigure;

import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.Environment;

/**
 * Boot's server.ssl.*, server.compression.* and server.http2.* that webserv does not
 * honour yet: setting one fails start-up rather than leaving a plain, uncompressed,
 * HTTP/1.1 server running as if it had been honoured. Keys that leave the feature off
 * (server.ssl.enabled=false, server.compression.enabled=false, a mime-types list alone)
 * are fine.
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
		if (binder.bind("server.compression", Compression.class).map(Compression::getEnabled).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("server.compression.enabled", true,
					"webserv does not support response compression yet. Set server.compression.enabled=false "
							+ "or compress in front of webserv");
		}
		if (binder.bind("server.http2", Http2.class).map(Http2::isEnabled).orElse(false)) {
			throw new InvalidConfigurationPropertyValueException("server.http2.enabled", true,
					"webserv does not support HTTP/2 yet; it speaks HTTP/1.1. Set server.http2.enabled=false");
		}
	}

}
