package dev.webserv.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A listen address as nginx writes it: "8080", "*:8080", "127.0.0.1:8080", "[::1]:8080",
 * "localhost:0". Port 0 binds an ephemeral port. A null host means every interface.
 */
public record ListenAddress(String host, int port) {

	public ListenAddress {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0-65535: " + port);
		}
		if (host != null && (host.isEmpty() || host.equals("*"))) {
			host = null;
		}
	}

	public static ListenAddress parse(String text) {
		String value = text.trim();
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

	public InetSocketAddress resolve() throws UnknownHostException {
		return host == null ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(host), port);
	}

	@Override
	public String toString() {
		String shown = host == null ? "*" : host.contains(":") ? "[" + host + "]" : host;
		return shown + ":" + port;
	}
}
