package dev.webserv.boot.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.core.env.Environment;

import dev.webserv.config.Tls;

/**
 * Turns Spring Boot SSL bundles into the core's {@link Tls}: {@code server.ssl.*}
 * (including {@code server.ssl.bundle}) for the server on server.port, as Boot's own
 * servers read it, and {@code webserv.servers[].ssl.bundle} per virtual server. The SSL
 * context is made at start-up, so a missing file or bundle fails start-up naming the
 * property; a bundle that reloads ({@code reload-on-update}) swaps the context for new
 * handshakes, and open connections keep theirs.
 */
final class SslMapper {

	private static final Log logger = LogFactory.getLog(SslMapper.class);

	private final Binder binder;

	private final SslBundles bundles;

	/**
	 * @param bundles the application's bundles, or null without SSL auto-configuration
	 */
	SslMapper(Environment environment, SslBundles bundles) {
		this.binder = Binder.get(environment);
		this.bundles = bundles;
	}

	/** server.ssl for the server on server.port; null when it is not enabled. */
	Tls primary() {
		Ssl ssl = binder.bind("server.ssl", Ssl.class).orElse(null);
		if (!Ssl.isEnabled(ssl)) {
			return null;
		}
		if (!ssl.getServerNameBundles().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("server.ssl.server-name-bundles",
					ssl.getServerNameBundles().size() + " bundles",
					"webserv picks certificates by SNI per virtual server: give each of webserv.servers its "
							+ "ssl.bundle and server-names instead");
		}
		String property = ssl.getBundle() != null ? "server.ssl.bundle"
				: ssl.getCertificate() != null ? "server.ssl.certificate" : "server.ssl.key-store";
		String value = ssl.getBundle() != null ? ssl.getBundle()
				: ssl.getCertificate() != null ? ssl.getCertificate() : ssl.getKeyStore();
		SslBundle bundle;
		try {
			bundle = WebServerSslBundle.get(ssl, bundles);
		}
		catch (NoSuchSslBundleException e) {
			throw noBundle(property, value);
		}
		catch (RuntimeException e) {
			throw new InvalidConfigurationPropertyValueException(property, value, String.valueOf(e.getMessage()));
		}
		Tls.ClientAuth clientAuth = ssl.getClientAuth() == null ? Tls.ClientAuth.NONE
				: Tls.ClientAuth.valueOf(ssl.getClientAuth().name());
		return tls(property, value, ssl.getBundle(), bundle, clientAuth, null);
	}

	/** webserv.servers[i].ssl; null when it names no bundle. */
	Tls server(String prefix, SslProperties ssl) {
		String name = ssl.getBundle();
		String property = prefix + ".ssl.bundle";
		if (name == null) {
			return null;
		}
		if (bundles == null) {
			throw noBundle(property, name);
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException e) {
			throw noBundle(property, name);
		}
		return tls(property, name, name, bundle, ssl.getClientAuth(), ssl.getHsts());
	}

	private static InvalidConfigurationPropertyValueException noBundle(String property, String name) {
		return new InvalidConfigurationPropertyValueException(property, name,
				"no SSL bundle of this name: declare it under spring.ssl.bundle.jks or spring.ssl.bundle.pem");
	}

	/**
	 * @param reloaded the bundle's name when it may reload, else null
	 */
	private Tls tls(String property, String value, String reloaded, SslBundle bundle, Tls.ClientAuth clientAuth,
			Duration hsts) {
		AtomicReference<SSLContext> context = new AtomicReference<>(context(property, value, bundle));
		if (reloaded != null && bundles != null) {
			bundles.addBundleUpdateHandler(reloaded, updated -> reload(reloaded, updated, context));
		}
		SslOptions options = bundle.getOptions();
		try {
			return new Tls(context::get, list(options.getEnabledProtocols()), list(options.getCiphers()), clientAuth,
					hsts);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
		}
	}

	private static void reload(String name, SslBundle updated, AtomicReference<SSLContext> context) {
		try {
			context.set(updated.createSslContext());
			logger.info("SSL bundle '" + name + "' reloaded: new TLS handshakes use its new certificate");
		}
		catch (RuntimeException e) {
			logger.error("SSL bundle '" + name + "' changed but cannot be used; keeping its previous certificate", e);
		}
	}

	private static SSLContext context(String property, String value, SslBundle bundle) {
		try {
			return bundle.createSslContext();
		}
		catch (RuntimeException e) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"cannot make a TLS context: " + rootMessage(e));
		}
	}

	private static String rootMessage(Throwable e) {
		StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
		for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			message.append(": ").append(cause.getMessage());
		}
		return message.toString();
	}

	private static List<String> list(String[] values) {
		return values == null ? List.of() : Arrays.asList(values);
	}

}
