package dev.webserv.proxyprotocol;

import java.net.InetSocketAddress;

/**
 * A decoded PROXY protocol header.
 *
 * @param version 1 (text) or 2 (binary)
 * @param source the original client's address and port; null when the connection's own
 * endpoints apply (a v2 LOCAL command, a v1 UNKNOWN line, a v2 UNSPEC or UNIX block)
 * @param destination the address and port the client connected to; null with source
 */
public record ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination) {

	public ProxyHeader {
		if (version != 1 && version != 2) {
			throw new IllegalArgumentException("PROXY protocol version must be 1 or 2: " + version);
		}
		if ((source == null) != (destination == null)) {
			throw new IllegalArgumentException("source and destination come together");
		}
	}

	/** A header that says to keep the connection's own endpoints (health checks). */
	public static ProxyHeader local(int version) {
		return new ProxyHeader(version, null, null);
	}

	/** Whether the connection's own endpoints apply. */
	public boolean local() {
		return source == null;
	}

	/** The client: the header's source, or the peer itself when {@link #local()}. */
	public InetSocketAddress client(InetSocketAddress peer) {
		return source != null ? source : peer;
	}

	/** The address the client connected to, or the socket's own when {@link #local()}. */
	public InetSocketAddress server(InetSocketAddress local) {
		return destination != null ? destination : local;
	}

}
