package dev.webserv.boot.reactive;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;

import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import dev.webserv.HttpExchange;
import dev.webserv.TlsInfo;

/**
 * WebFlux's view of the request of an {@link HttpExchange}: the raw target (WebFlux
 * decodes and matches it itself, as on Reactor Netty), the header fields (a read-only
 * view of the parser's, not a copy), the addresses, and the body as a {@link Flux} over
 * the exchange's publisher, so the application's demand is what reads the socket. The
 * native request is the {@link HttpExchange}.
 */
final class WebservServerHttpRequest extends AbstractServerHttpRequest {

	/**
	 * Handed to the superclass, which never uses it: getURI and getPath are this class's.
	 */
	private static final URI PLACEHOLDER = URI.create("/");

	private final HttpExchange exchange;

	private final DataBufferFactory bufferFactory;

	/** The authority of the URI to build when asked (null: built already). */
	private final String authority;

	// immutable values: a race builds one twice, harmlessly
	private URI uri;

	private RequestPath path;

	WebservServerHttpRequest(HttpExchange exchange, DataBufferFactory bufferFactory) throws URISyntaxException {
		super(HttpMethod.valueOf(exchange.head().method()), PLACEHOLDER, "",
				new HttpHeaders(new HeadersAdapter(exchange.head().headers())));
		this.exchange = exchange;
		this.bufferFactory = bufferFactory;
		String target = exchange.head().target();
		String authority = authority(exchange);
		if (UriChars.safe(target, authority)) {
			this.authority = authority;
		}
		else {
			// java.net.URI may refuse it: find out now, while a 400 can still be sent
			this.authority = null;
			this.uri = target.startsWith("/") ? new URI(exchange.scheme() + "://" + authority + target)
					: new URI(target);
		}
	}

	/** The Host field, else the listener's address (the request named none). */
	private static String authority(HttpExchange exchange) {
		String host = exchange.head().headers().get("Host");
		if (host != null && !host.isEmpty()) {
			return host;
		}
		InetSocketAddress local = exchange.localAddress();
		String address = local.getAddress().getHostAddress();
		return (address.contains(":") ? "[" + address + "]" : address) + ":" + local.getPort();
	}

	/**
	 * scheme://authority/target, the authority from Host; an absolute-form target stands
	 * as it is. Built when first asked for (routing needs only the path).
	 */
	@Override
	public URI getURI() {
		URI built = uri;
		if (built == null) {
			built = URI.create(exchange.scheme() + "://" + authority + exchange.head().target());
			uri = built;
		}
		return built;
	}

	/** The raw path of the target, as {@link #getURI()}'s would be, without the URI. */
	@Override
	public RequestPath getPath() {
		RequestPath parsed = path;
		if (parsed == null) {
			parsed = (uri != null) ? RequestPath.parse(uri, "") : RequestPath.parse(rawPath(), "");
			path = parsed;
		}
		return parsed;
	}

	private String rawPath() {
		String target = exchange.head().target();
		int query = target.indexOf('?');
		return (query < 0) ? target : target.substring(0, query);
	}

	@Override
	protected MultiValueMap<String, HttpCookie> initCookies() {
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		for (String header : exchange.head().headers().getAll("Cookie")) {
			for (String pair : header.split(";")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					String name = pair.substring(0, equals).trim();
					String value = unquote(pair.substring(equals + 1).trim());
					if (!name.isEmpty()) {
						cookies.add(name, new HttpCookie(name, value));
					}
				}
			}
		}
		return cookies;
	}

	private static String unquote(String value) {
		return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
				? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * The client's verified certificates; no session id (TLS 1.3 has none worth the name,
	 * and the core does not expose the session).
	 */
	@Override
	protected SslInfo initSslInfo() {
		TlsInfo tls = exchange.tls();
		return tls != null ? SslInfo.from(null, tls.clientCertificates().toArray(new X509Certificate[0])) : null;
	}

	@Override
	public InetSocketAddress getRemoteAddress() {
		return exchange.remoteAddress();
	}

	@Override
	public InetSocketAddress getLocalAddress() {
		return exchange.localAddress();
	}

	/** One subscriber, as on every server: the body is read once, as demanded. */
	@Override
	public Flux<DataBuffer> getBody() {
		return JdkFlowAdapter.flowPublisherToFlux(exchange.requestBody()).map(bufferFactory::wrap);
	}

	@SuppressWarnings("unchecked")
	@Override
	public <T> T getNativeRequest() {
		return (T) exchange;
	}

}
