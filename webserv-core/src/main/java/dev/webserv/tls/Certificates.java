package dev.webserv.tls;

import dev.webserv.config.ListenAddress;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;

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

}
