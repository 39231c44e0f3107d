package dev.webserv.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A listen address as nginx writes it: "8080", "*:8080", "127.0.0.1:8080", "[::1]:8080",
 * "localhost:0", optionally followed by nginx's "proxy_protocol" parameter. Port 0 binds
 * an ephemeral port. A null host means every interface.
 *
 * @param host the interface, or null for every one
 * @param port the port, 0 for an ephemeral one
 * @param proxyProtocol whether every connection must start with a PROXY protocol header
 * (v1 or v2; nginx's {@code listen ... proxy_protocol}): its source becomes the client's
 * address, and a connection without a valid header is closed unanswered
 */
public record ListenAddress(String host, int port, boolean proxyProtocol) {

	private static final String PROXY_PROTOCOL = "proxy_protocol";

	public ListenAddress(String host, int port) {
		this(host, port, false);
	}

	public ListenAddress {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0-65535: " + port);
		}
		if (host != null && (host.isEmpty() || host.equals("*"))) {
			host = null;
		}
	}

	public static ListenAddress parse(String text) {
		String[] words = text.trim().split("\\s+");
		if (words.length > 2 || words.length == 2 && !words[1].equals(PROXY_PROTOCOL)) {
			throw new IllegalArgumentException(
					"listen address takes only the parameter " + PROXY_PROTOCOL + ": " + text);
		}
		return address(words[0], text).withProxyProtocol(words.length == 2);
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
		return new ListenAddress(host, port, value);
	}

	public InetSocketAddress resolve() throws UnknownHostException {
		return host == null ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(host), port);
	}

	/** The address as nginx writes it (host and port; the parameter is left out). */
	@Override
	public String toString() {
		String shown = host == null ? "*" : host.contains(":") ? "[" + host + "]" : host;
		return shown + ":" + port;
	}
}
