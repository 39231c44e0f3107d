package dev.webserv.boot.autoconfigure;

import java.time.Duration;

import dev.webserv.config.Tls;

/**
 * A server's TLS ({@code webserv.servers[].ssl}): its certificate comes from a Spring
 * Boot SSL bundle ({@code spring.ssl.bundle.jks.*} or {@code spring.ssl.bundle.pem.*});
 * the bundle's options give the protocols and ciphers (TLS 1.3 and 1.2 when it names
 * none). It applies on the server's listen addresses marked "ssl".
 */
public class SslProperties {

	/** The name of the SSL bundle holding the server's certificate and key. */
	private String bundle;

	/** Whether a client certificate is asked for: none, want or need (mutual TLS). */
	private Tls.ClientAuth clientAuth = Tls.ClientAuth.NONE;

	/**
	 * The max-age of a Strict-Transport-Security header added to every response over TLS;
	 * unset for none.
	 */
	private Duration hsts;

	public String getBundle() {
		return bundle;
	}

	public void setBundle(String bundle) {
		this.bundle = bundle;
	}

	public Tls.ClientAuth getClientAuth() {
		return clientAuth;
	}

	public void setClientAuth(Tls.ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	public Duration getHsts() {
		return hsts;
	}

	public void setHsts(Duration hsts) {
		this.hsts = hsts;
	}

}
