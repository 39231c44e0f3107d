package dev.webserv.tls;

import java.time.Duration;

import dev.webserv.Headers;
import dev.webserv.Response;
import dev.webserv.TlsInfo;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.listener.Listener;
import dev.webserv.router.VirtualHosts;

/**
 * What TLS changes in an exchange: a request whose Host names another virtual server than
 * the SNI name of its connection is misdirected (421, as nginx answers when the
 * certificate was chosen for another server), and a server with HSTS tells browsers to
 * keep to HTTPS.
 */
public final class Misdirected {

	private Misdirected() {
	}

	/**
	 * Whether the Host ({@code host}, may be null) picks another server than the SNI name
	 * did.
	 */
	public static boolean check(TlsInfo tls, String host, VirtualHosts hosts) {
		if (tls == null || tls.serverName() == null || host == null || host.equals(tls.serverName())) {
			return false;
		}
		return hosts.select(tls.serverName()) != hosts.select(host);
	}

	/**
	 * Adds {@code Strict-Transport-Security} over TLS when the server asks for it (its
	 * {@link Tls#hsts()}).
	 */
	public static Response hsts(Response response, TlsInfo tls, VirtualServer server, Listener listener) {
		hsts(response.headers(), tls, server, listener);
		return response;
	}

	/** The same, on headers about to be sent (a streamed response's). */
	public static void hsts(Headers headers, TlsInfo tls, VirtualServer server, Listener listener) {
		String value = hstsValue(tls, server, listener);
		if (value != null && headers.get("Strict-Transport-Security") == null) {
			headers.set("Strict-Transport-Security", value);
		}
	}

	/**
	 * The {@code Strict-Transport-Security} value for a response over TLS, or null when
	 * there is none (plain TCP, or a server without HSTS).
	 */
	public static String hstsValue(TlsInfo tls, VirtualServer server, Listener listener) {
		if (tls == null) {
			return null;
		}
		Tls settings = Certificates.of(server, listener.address());
		Duration maxAge = settings == null ? null : settings.hsts();
		return maxAge == null ? null : "max-age=" + maxAge.toSeconds();
	}

}
