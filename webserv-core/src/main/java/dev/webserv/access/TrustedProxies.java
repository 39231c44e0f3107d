package dev.webserv.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.config.Cidr;

/**
 * nginx's {@code set_real_ip_from} with {@code real_ip_recursive on}, and RFC 7239: from
 * a trusted peer only, the client address is the right-most address of
 * {@code X-Forwarded-For} (or the {@code for=} of {@code Forwarded}, which wins when
 * present) that is not itself trusted; walking leftwards stops at anything that is not an
 * address (an obfuscated {@code _id}, {@code unknown}, a malformed element), leaving the
 * nearest known hop. The scheme, host and port come from the same {@code Forwarded}
 * element, else from the right-most {@code X-Forwarded-Proto}, {@code -Host} and
 * {@code -Port} (the values the trusted peer set). From any other peer the headers are
 * ignored.
 */
public final class TrustedProxies {

	/** Trusts no one: the peer is the client. */
	public static final TrustedProxies NONE = new TrustedProxies(List.of());

	private final List<Cidr> blocks;

	private TrustedProxies(List<Cidr> blocks) {
		this.blocks = blocks;
	}

	/**
	 * @param setting the setting's name, for the message of a block that does not parse
	 */
	public static TrustedProxies parse(List<String> blocks, String setting) {
		List<Cidr> parsed = new ArrayList<>();
		for (String block : blocks) {
			try {
				parsed.add(Cidr.parse(block));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
			}
		}
		return parsed.isEmpty() ? NONE : new TrustedProxies(List.copyOf(parsed));
	}

	public boolean isEmpty() {
		return blocks.isEmpty();
	}

	public boolean trusts(InetAddress address) {
		for (Cidr block : blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** The request's real client, as its listener (plain or TLS) sees it. */
	public RealClient resolve(Request request) {
		return resolve(request.remoteAddress(), request.headers(), request.scheme(), request.host(),
				request.localAddress().getPort());
	}

	/**
	 * @param scheme, host, port what the connection itself says (host may be null)
	 */
	public RealClient resolve(InetSocketAddress peer, Headers headers, String scheme, String host, int port) {
		RealClient direct = new RealClient(peer.getAddress(), scheme, host, port);
		if (blocks.isEmpty() || !trusts(peer.getAddress())) {
			return direct;
		}
		List<String> forwarded = headers.getAll("Forwarded");
		if (!forwarded.isEmpty()) {
			return fromForwarded(direct, ForwardedHeader.elements(forwarded));
		}
		return fromXForwarded(direct, headers);
	}

	private RealClient fromForwarded(RealClient direct, List<Map<String, String>> elements) {
		InetAddress client = direct.address();
		Map<String, String> describing = null;
		for (int i = elements.size() - 1; i >= 0 && trusts(client); i--) {
			Map<String, String> element = elements.get(i);
			if (element == null) {
				break;
			}
			describing = element;
			InetAddress address = address(element.get("for"));
			if (address == null) {
				break;
			}
			client = address;
		}
		if (describing == null) {
			return direct;
		}
		String scheme = scheme(describing.get("proto"), direct.scheme());
		return withHost(new RealClient(client, scheme, direct.host(), defaultPort(scheme, direct)),
				describing.get("host"), null);
	}

	private RealClient fromXForwarded(RealClient direct, Headers headers) {
		InetAddress client = direct.address();
		List<String> hops = values(headers, "X-Forwarded-For");
		for (int i = hops.size() - 1; i >= 0 && trusts(client); i--) {
			InetAddress address = address(hops.get(i));
			if (address == null) {
				break;
			}
			client = address;
		}
		String scheme = scheme(last(values(headers, "X-Forwarded-Proto")), direct.scheme());
		RealClient resolved = new RealClient(client, scheme, direct.host(), defaultPort(scheme, direct));
		return withHost(resolved, last(values(headers, "X-Forwarded-Host")), last(values(headers, "X-Forwarded-Port")));
	}

	private static int defaultPort(String scheme, RealClient direct) {
		if (scheme.equals(direct.scheme())) {
			return direct.port();
		}
		return scheme.equals("https") ? 443 : 80;
	}

	/** Applies a forwarded host[:port] and port, each only when well formed. */
	private static RealClient withHost(RealClient client, String hostAndPort, String port) {
		String host = client.host();
		int number = client.port();
		if (hostAndPort != null) {
			String[] parts = HostPort.split(hostAndPort);
			if (parts != null) {
				host = parts[0];
				if (parts[1] != null) {
					number = Integer.parseInt(parts[1]);
				}
			}
		}
		if (port != null && HostPort.isPort(port)) {
			number = Integer.parseInt(port);
		}
		return new RealClient(client.address(), client.scheme(), host, number);
	}

	private static String scheme(String value, String fallback) {
		if (value == null) {
			return fallback;
		}
		String scheme = value.trim().toLowerCase(Locale.ROOT);
		return scheme.equals("http") || scheme.equals("https") ? scheme : fallback;
	}

	/** An address written as a proxy writes it (with port and brackets), or null. */
	static InetAddress address(String node) {
		if (node == null) {
			return null;
		}
		String text = node.trim();
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0 || (close + 1 < text.length() && !HostPort.isPortAfterColon(text, close + 1))) {
				return null;
			}
			text = text.substring(1, close);
			return text.indexOf(':') < 0 ? null : literal(text);
		}
		int colon = text.indexOf(':');
		if (colon >= 0 && colon == text.lastIndexOf(':')) { // IPv4 with a port
			if (!HostPort.isPortAfterColon(text, colon)) {
				return null;
			}
			text = text.substring(0, colon);
		}
		return literal(text);
	}

	private static InetAddress literal(String text) {
		return Cidr.address(text);
	}

	/** Every comma-separated value of every field of this name, in order. */
	private static List<String> values(Headers headers, String name) {
		List<String> values = new ArrayList<>();
		for (String field : headers.getAll(name)) {
			for (String value : field.split(",")) {
				if (!value.isBlank()) {
					values.add(value.trim());
				}
			}
		}
		return values;
	}

	private static String last(List<String> values) {
		return values.isEmpty() ? null : values.get(values.size() - 1);
	}

}
