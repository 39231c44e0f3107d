package dev.webserv.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

/**
 * A virtual server's TLS: nginx's {@code ssl_certificate}, {@code ssl_protocols},
 * {@code ssl_ciphers} and {@code ssl_verify_client} for one server block. It applies on
 * the server's listen addresses marked {@code ssl}; the client's SNI name picks the
 * server, and so its certificate (no SNI, or a name no server claims: the address's
 * default server).
 *
 * @param context asked for the SSLContext at every new handshake: return the same context
 * until the certificate changes (sessions are resumed within one context), and a new one
 * after a reload (open connections keep theirs)
 * @param protocols the protocols enabled, by JDK name; TLS 1.3 and 1.2 by default
 * @param cipherSuites the cipher suites enabled, by JDK name; empty keeps the JDK's
 * defaults
 * @param clientAuth whether a client certificate is asked for (mutual TLS)
 * @param hsts the max-age of a {@code Strict-Transport-Security} header added to every
 * response over TLS, or null for none
 * @param byServerName other certificates of this same server, by the SNI name that gets
 * them (Spring Boot's {@code server.ssl.server-name-bundles}): an exact name, or
 * {@code *.example.test} for one more label; lower case. A name not listed gets this
 * one's. Their HSTS is this one's.
 */
public record Tls(Supplier<SSLContext> context, List<String> protocols, List<String> cipherSuites,
		ClientAuth clientAuth, Duration hsts, Map<String, Tls> byServerName) {

	/** nginx's {@code ssl_verify_client}: none, optional ("want") or on ("need"). */
	public enum ClientAuth {

		NONE, WANT, NEED

	}

	/** What is enabled when nothing is said: TLS 1.3 and 1.2, nothing older. */
	public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	public Tls(Supplier<SSLContext> context, List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth,
			Duration hsts) {
		this(context, protocols, cipherSuites, clientAuth, hsts, Map.of());
	}

	public Tls {
		Objects.requireNonNull(context, "tls context");
		byServerName = byServerName == null ? Map.of() : Map.copyOf(byServerName);
		for (Map.Entry<String, Tls> named : byServerName.entrySet()) {
			if (!named.getKey().equals(named.getKey().toLowerCase(Locale.ROOT)) || named.getKey().isEmpty()
					|| !named.getValue().byServerName().isEmpty()) {
				throw new InvalidSettingException("ssl.server-names", named.getKey(),
						"must be a lower-case name whose certificate has no names of its own");
			}
		}
		protocols = protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
		cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
		clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
		if (hsts != null && hsts.isNegative()) {
			throw new InvalidSettingException("ssl.hsts", hsts, "must not be negative");
		}
	}

	/** A fixed context with the defaults: TLS 1.3 and 1.2, no client certificate. */
	public static Tls of(SSLContext context) {
		Objects.requireNonNull(context, "tls context");
		return of(() -> context);
	}

	/** A context asked for at every handshake (see {@link #context()}). */
	public static Tls of(Supplier<SSLContext> context) {
		return new Tls(context, DEFAULT_PROTOCOLS, List.of(), ClientAuth.NONE, null);
	}

	public Tls withProtocols(List<String> protocols) {
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts, byServerName);
	}

	public Tls withCipherSuites(List<String> cipherSuites) {
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts, byServerName);
	}

	public Tls withClientAuth(ClientAuth clientAuth) {
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts, byServerName);
	}

	/** Adds {@code Strict-Transport-Security: max-age=...} to responses over TLS. */
	public Tls withHsts(Duration maxAge) {
		return new Tls(context, protocols, cipherSuites, clientAuth, maxAge, byServerName);
	}

	/**
	 * Another certificate for an SNI name ({@code api.example.test}, or
	 * {@code *.example.test} for any one label before it), on the same server.
	 */
	public Tls withServerName(String serverName, Tls tls) {
		Objects.requireNonNull(tls, "tls for " + serverName);
		Map<String, Tls> names = new LinkedHashMap<>(byServerName);
		names.put(serverName.toLowerCase(Locale.ROOT), tls);
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts, names);
	}

	/**
	 * The TLS an SNI name gets: its own certificate (exact name, else {@code *.} and the
	 * name without its first label), else this one.
	 */
	public Tls forServerName(String serverName) {
		if (serverName == null || byServerName.isEmpty()) {
			return this;
		}
		String name = serverName.toLowerCase(Locale.ROOT);
		Tls named = byServerName.get(name);
		int dot = name.indexOf('.');
		if (named == null && dot > 0) {
			named = byServerName.get("*" + name.substring(dot));
		}
		return named != null ? named : this;
	}

}
