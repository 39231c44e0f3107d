package dev.webserv.tls;

import dev.webserv.config.ListenAddress;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.router.VirtualHosts;

/** Which TLS (certificate) a virtual server has on a listening address. */
public final class Certificates {

	private Certificates() {
	}

	/** The server's TLS on {@code address} (host and port compared), or null. */
	public static Tls of(VirtualServer server, ListenAddress address) {
		ListenAddress bare = address.bare();
		for (ListenAddress listen : server.listen()) {
			if (listen.tls() != null && listen.bare().equals(bare)) {
				return listen.tls();
			}
		}
		return null;
	}

	/**
	 * The TLS an SNI name gets on {@code address}: its server's, else the default
	 * server's (no SNI, or a server without a certificate there); within it, the
	 * certificate for that name ({@link Tls#forServerName}).
	 */
	public static Tls forName(VirtualHosts hosts, String serverName, ListenAddress address) {
		Tls tls = of(hosts.select(serverName).server(), address);
		return (tls != null ? tls : of(hosts.servers().get(0).server(), address)).forServerName(serverName);
	}

}
