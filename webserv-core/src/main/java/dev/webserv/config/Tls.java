package dev.webserv.config;

import java.time.Duration;
import java.util.List;
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
 */
public record Tls(Supplier<SSLContext> context, List<String> protocols, List<String> cipherSuites,
		ClientAuth clientAuth, Duration hsts) {

	/** nginx's {@code ssl_verify_client}: none, optional ("want") or on ("need"). */
	public enum ClientAuth {

		NONE, WANT, NEED

	}

	/** What is enabled when nothing is said: TLS 1.3 and 1.2, nothing older. */
	public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	public Tls {
		Objects.requireNonNull(context, "tls context");
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
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts);
	}

	public Tls withCipherSuites(List<String> cipherSuites) {
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts);
	}

	public Tls withClientAuth(ClientAuth clientAuth) {
		return new Tls(context, protocols, cipherSuites, clientAuth, hsts);
	}

	/** Adds {@code Strict-Transport-Security: max-age=...} to responses over TLS. */
	public Tls withHsts(Duration maxAge) {
		return new Tls(context, protocols, cipherSuites, clientAuth, maxAge);
	}

}
