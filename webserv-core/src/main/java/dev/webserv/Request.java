package dev.webserv;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as a handler sees it: the parsed head, the whole body, addresses and path
 * variables.
 */
public final class Request {

	/**
	 * The request line and header fields as parsed; the core's parser gives them, a test
	 * or an adapter may give its own.
	 */
	public interface Head {

		/** The method token, as sent (case-sensitive, e.g. "GET"). */
		String method();

		/** The request-target, as sent. */
		String target();

		/** The target's path, percent-decoded and dot-segment normalized. */
		String path();

		/** The query without '?', still encoded, or null. */
		String rawQuery();

		/** "HTTP/1.1" or "HTTP/1.0". */
		String version();

		Headers headers();

		/** The host without port, lower-cased; null if the request named none. */
		String host();

		/** Whether a body was announced (Content-Length above 0, or chunked). */
		boolean hasBody();

		/** Whether the connection may stay open after this exchange. */
		boolean keepAlive();

	}

	/**
	 * Where requests come from: the connection's addresses and what its TLS handshake
	 * agreed. One per connection, shared by its requests.
	 *
	 * @param remoteAddress the peer (or the PROXY protocol header's source)
	 * @param localAddress the address the client connected to
	 * @param tls what the TLS handshake agreed; null over plain TCP
	 */
	public record Origin(InetSocketAddress remoteAddress, InetSocketAddress localAddress, TlsInfo tls) {
	}

	/** What a trusted proxy in front says the client asked for. */
	private record Forwarded(String scheme, String host, int serverPort) {
	}

	private final Head head;

	private final RequestBody body;

	private final Origin origin;

	private final String route;

	private final Map<String, String> pathVariables;

	/** null unless behind a trusted proxy: then it overrides scheme, host and port */
	private final Forwarded forwarded;

	private Map<String, List<String>> queryParameters;

	public Request(Head head, RequestBody body, InetSocketAddress remoteAddress, InetSocketAddress localAddress,
			String route, Map<String, String> pathVariables) {
		this(head, body, remoteAddress, localAddress, route, pathVariables, null);
	}

	/** A request that came over TLS ({@code tls} null: over plain TCP). */
	public Request(Head head, RequestBody body, InetSocketAddress remoteAddress, InetSocketAddress localAddress,
			String route, Map<String, String> pathVariables, TlsInfo tls) {
		this(head, body, new Origin(remoteAddress, localAddress, tls), route, pathVariables);
	}

	/**
	 * A request from {@code origin}, which the requests of one connection may share.
	 */
	public Request(Head head, RequestBody body, Origin origin, String route, Map<String, String> pathVariables) {
		this(head, body, origin, route, pathVariables, null);
	}

	private Request(Head head, RequestBody body, Origin origin, String route, Map<String, String> pathVariables,
			Forwarded forwarded) {
		this.head = head;
		this.body = body;
		this.origin = origin;
		this.route = route;
		this.pathVariables = pathVariables;
		this.forwarded = forwarded;
	}

	/**
	 * The same request as the client made it through a proxy in front (a trusted proxy's
	 * X-Forwarded-* or Forwarded headers, or the transport's own TLS).
	 * @param remoteAddress the client's address (port 0 when unknown)
	 * @param scheme "http" or "https"
	 * @param host the host asked for, lower-cased, without port; null if none
	 * @param serverPort the port asked for
	 */
	public Request withClient(InetSocketAddress remoteAddress, String scheme, String host, int serverPort) {
		return new Request(head, body, new Origin(remoteAddress, origin.localAddress(), origin.tls()), route,
				pathVariables, new Forwarded(scheme, host, serverPort));
	}

	public String method() {
		return head.method();
	}

	/** The request-target exactly as sent. */
	public String target() {
		return head.target();
	}

	/** The decoded, normalized path. */
	public String path() {
		return head.path();
	}

	/** The raw (still encoded) query, or null. */
	public String query() {
		return head.rawQuery();
	}

	public String version() {
		return head.version();
	}

	public Headers headers() {
		return head.headers();
	}

	public String header(String name) {
		return head.headers().get(name);
	}

	/**
	 * The host the client asked for, lower-cased, without port; null if it named none.
	 * Behind a trusted proxy, the host the proxy says the client asked for.
	 */
	public String host() {
		return forwarded != null ? forwarded.host() : head.host();
	}

	/** "http" or "https": how the client asked (behind a trusted proxy: as it says). */
	public String scheme() {
		if (forwarded != null) {
			return forwarded.scheme();
		}
		return origin.tls() != null ? "https" : "http";
	}

	/**
	 * The port the client asked for: the local port, or behind a trusted proxy the one it
	 * names.
	 */
	public int serverPort() {
		if (forwarded != null) {
			return forwarded.serverPort();
		}
		return origin.localAddress() == null ? -1 : origin.localAddress().getPort();
	}

	public Head head() {
		return head;
	}

	/** What the connection's TLS handshake agreed; null on a plain connection. */
	public TlsInfo tls() {
		return origin.tls();
	}

	public RequestBody body() {
		return body;
	}

	/**
	 * The client's address: the peer, the PROXY protocol header's source, or behind a
	 * trusted proxy the address it names (port 0 when it names none).
	 */
	public InetSocketAddress remoteAddress() {
		return origin.remoteAddress();
	}

	public InetSocketAddress localAddress() {
		return origin.localAddress();
	}

	/** The connection's addresses and TLS, as the request came in. */
	public Origin origin() {
		return origin;
	}

	/** The route template or location that matched (e.g. "/users/{id}"), or null. */
	public String route() {
		return route;
	}

	public String pathVariable(String name) {
		return pathVariables.get(name);
	}

	public Map<String, String> pathVariables() {
		return pathVariables;
	}

	/** The first value of a query parameter, decoded, or null. */
	public String queryParameter(String name) {
		List<String> values = queryParameters().get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	/** All query parameters, decoded, in order. Malformed escapes leave the raw text. */
	public Map<String, List<String>> queryParameters() {
		if (queryParameters == null) {
			queryParameters = parseQuery(head.rawQuery());
		}
		return queryParameters;
	}

	static Map<String, List<String>> parseQuery(String query) {
		if (query == null || query.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
		}
		return Collections.unmodifiableMap(parameters);
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException malformed) {
			return text;
		}
	}

	@Override
	public String toString() {
		return head.method() + " " + head.target();
	}

}
