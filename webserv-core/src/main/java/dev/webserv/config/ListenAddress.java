package dev.webserv.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A listen address as nginx writes it: "8080", "*:8080", "127.0.0.1:8080", "[::1]:8080",
 * "localhost:0", optionally followed by nginx's parameters "ssl" and "proxy_protocol" (in
 * any order). Port 0 binds an ephemeral port. A null host means every interface.
 *
 * @param host the interface, or null for every one
 * @param port the port, 0 for an ephemeral one
 * @param proxyProtocol whether every connection must start with a PROXY protocol header
 * (v1 or v2; nginx's {@code listen ... proxy_protocol}): its source becomes the client's
 * address, and a connection without a valid header is closed unanswered
 * @param ssl whether connections speak TLS (nginx's {@code listen ... ssl})
 * @param tls on an ssl address, the TLS of the server that declared it (its certificate):
 * set by {@link VirtualServer.Builder#tls}; null until then, and on a plain address
 */
public record ListenAddress(String host, int port, boolean proxyProtocol, boolean ssl, Tls tls) {

	private static final String PROXY_PROTOCOL = "proxy_protocol";

	private static final String SSL = "ssl";

	public ListenAddress(String host, int port) {
		this(host, port, false);
	}

	public ListenAddress(String host, int port, boolean proxyProtocol) {
		this(host, port, proxyProtocol, false, null);
	}

	public ListenAddress {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0-65535: " + port);
		}
		if (host != null && (host.isEmpty() || host.equals("*"))) {
			host = null;
		}
		if (tls != null && !ssl) {
			throw new IllegalArgumentException("a plain listen address takes no TLS: " + host + ":" + port);
		}
	}

	public static ListenAddress parse(String text) {
		String[] words = text.trim().split("\\s+");
		boolean proxyProtocol = false;
		boolean ssl = false;
		for (int i = 1; i < words.length; i++) {
			if (words[i].equals(PROXY_PROTOCOL) && !proxyProtocol) {
				proxyProtocol = true;
			}
			else if (words[i].equals(SSL) && !ssl) {
				ssl = true;
			}
			else {
				throw new IllegalArgumentException(
						"listen address takes only the parameters " + SSL + " and " + PROXY_PROTOCOL + ": " + text);
			}
		}
		ListenAddress address = address(words[0], text);
		return new ListenAddress(address.host, address.port, proxyProtocol, ssl, null);
	}

	private static ListenAddress address(String value, String text) {
		try {
			if (value.startsWith("[")) {
				int close = value.indexOf(']');
				if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
					throw new IllegalArgumentException("listen address needs [ipv6]:port: " + text);
				}
				return new ListenAddress(value.substring(1, close), Integer.parseInt(value.substring(close + 2)));
			}
			int colon = value.lastIndexOf(':');
			if (colon < 0) {
				return new ListenAddress(null, Integer.parseInt(value));
			}
			return new ListenAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("listen address has no valid port: " + text);
		}
	}

	/** This address with or without the PROXY protocol. */
	public ListenAddress withProxyProtocol(boolean value) {
		return new ListenAddress(host, port, value, ssl, tls);
	}

	/** This address speaking TLS with the given server's certificate. */
	public ListenAddress withTls(Tls tls) {
		return new ListenAddress(host, port, proxyProtocol, true, tls);
	}

	/** The host and port alone, without parameters: what a listening socket is. */
	public ListenAddress bare() {
		return new ListenAddress(host, port);
	}

	public InetSocketAddress resolve() throws UnknownHostException {
		return host == null ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(host), port);
	}

	/** The address as nginx writes it (host and port; the parameters are left out). */
	@Override
	public String toString() {
		String shown = host == null ? "*" : host.contains(":") ? "[" + host + "]" : host;
		return shown + ":" + port;
	}
}
