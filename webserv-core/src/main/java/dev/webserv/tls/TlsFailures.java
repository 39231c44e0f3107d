package dev.webserv.tls;

import java.util.Locale;

import javax.net.ssl.SSLException;

import dev.webserv.events.TlsFailure;

/** Tells why an engine failed a handshake, from the JDK's exception. */
public final class TlsFailures {

	private TlsFailures() {
	}

	public static TlsFailure of(SSLException e) {
		String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
		if (message.contains("protocol_version") || message.contains("protocol") && !message.contains("alert")) {
			return TlsFailure.PROTOCOL;
		}
		if (message.contains("cipher suites in common")
				|| message.contains("handshake_failure") && message.contains("cipher")) {
			return TlsFailure.CIPHER;
		}
		if (!message.contains("received fatal alert")
				&& (message.contains("certificate") || message.contains("pkix"))) {
			return TlsFailure.CLIENT_CERTIFICATE;
		}
		return TlsFailure.HANDSHAKE;
	}

}
