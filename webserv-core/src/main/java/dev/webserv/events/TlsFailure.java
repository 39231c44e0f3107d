package dev.webserv.events;

import java.util.Locale;

/** Why a TLS handshake failed, as the events SPI reports it. */
public enum TlsFailure {

	/** The handshake did not finish within the header timeout. */
	TIMEOUT,
	/** The client closed or reset the connection mid-handshake. */
	CLOSED,
	/** A plain HTTP request came to the TLS port; it got nginx's 400. */
	PLAIN_HTTP,
	/** The first bytes were not a TLS handshake record. */
	NOT_TLS,
	/** No protocol version in common (an old client: TLS 1.0, 1.1, SSLv3). */
	PROTOCOL,
	/** No cipher suite in common. */
	CIPHER,
	/** The client certificate was missing or could not be verified. */
	CLIENT_CERTIFICATE,
	/** The client asked to renegotiate (TLS 1.2), which webserv refuses. */
	RENEGOTIATION,
	/** Too many handshakes were waiting for a thread to run their key exchange. */
	OVERLOADED,
	/** Any other alert or malformed record. */
	HANDSHAKE;

	/** The name as a metric tag: lower case ("client_certificate"). */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
