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
 * (including {@code server.ssl.bundle} and {@code server.ssl.server-name-bundles}) for
 * the server on server.port, as Boot's own servers read it,
 * {@code management.server.ssl.*} for a separate management port, and
 * {@code webserv.servers[].ssl.bundle} per virtual server. The SSL context is made at
 * start-up, so a missing file or bundle fails start-up naming the property; a bundle that
 * reloads ({@code reload-on-update}) swaps the context for new handshakes, and open
 * connections keep theirs.
 */
public final class SslMapper {

	private static final Log logger = LogFactory.getLog(SslMapper.class);

	private final Binder binder;

	private final SslBundles bundles;

	/**
	 * @param bundles the application's bundles, or null without SSL auto-configuration
	 */
	public SslMapper(Environment environment, SslBundles bundles) {
		this.binder = Binder.get(environment);
		this.bundles = bundles;
	}

	/** server.ssl for the server on server.port; null when it is not enabled. */
	Tls primary() {
		return boot("server.ssl");
	}

	/**
	 * The separate management port's TLS, as Boot's management servers have it:
	 * management.server.ssl when any of its keys is set, else server.ssl; null when the
	 * one that applies is not enabled.
	 */
	public Tls management() {
		return binder.bind("management.server.ssl", Ssl.class).isBound() ? boot("management.server.ssl") : primary();
	}

	/**
	 * Boot's Ssl at {@code prefix} (server.ssl, management.server.ssl); null when off.
	 */
	private Tls boot(String prefix) {
		Ssl ssl = binder.bind(prefix, Ssl.class).orElse(null);
		if (!Ssl.isEnabled(ssl)) {
			return null;
		}
		String property = prefix
				+ (ssl.getBundle() != null ? ".bundle" : ssl.getCertificate() != null ? ".certificate" : ".key-store");
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
		Tls tls = tls(property, value, ssl.getBundle(), bundle, clientAuth, null);
		List<Ssl.ServerNameSslBundle> named = ssl.getServerNameBundles();
		for (int i = 0; i < named.size(); i++) {
			String entry = prefix + ".server-name-bundles[" + i + "]";
			String name = named.get(i).bundle();
			tls = tls.withServerName(serverName(entry, named.get(i)),
					tls(entry + ".bundle", name, name, bundle(entry + ".bundle", name), clientAuth, null));
		}
		return tls;
	}

	private static String serverName(String property, Ssl.ServerNameSslBundle named) {
		if (named.serverName() == null || named.serverName().isBlank() || named.bundle() == null) {
			throw new InvalidConfigurationPropertyValueException(property, named.serverName(),
					"needs both server-name and bundle");
		}
		return named.serverName().trim();
	}

	/** webserv.servers[i].ssl; null when it names no bundle. */
	Tls server(String prefix, SslProperties ssl) {
		String name = ssl.getBundle();
		String property = prefix + ".ssl.bundle";
		if (name == null) {
			return null;
		}
		return tls(property, name, name, bundle(property, name), ssl.getClientAuth(), ssl.getHsts());
	}

	private SslBundle bundle(String property, String name) {
		if (bundles == null) {
			throw noBundle(property, name);
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException e) {
			throw noBundle(property, name);
		}
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
