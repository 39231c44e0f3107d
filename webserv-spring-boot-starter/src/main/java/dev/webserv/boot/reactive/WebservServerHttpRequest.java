package dev.webserv.boot.reactive;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.Map;

import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import dev.webserv.HttpExchange;
import dev.webserv.Request;
import dev.webserv.TlsInfo;

/**
 * WebFlux's view of the request of an {@link HttpExchange}: the raw target (WebFlux
 * decodes and matches it itself, as on Reactor Netty), the header fields, the addresses,
 * and the body as a {@link Flux} over the exchange's publisher, so the application's
 * demand is what reads the socket. The native request is the {@link HttpExchange}.
 */
final class WebservServerHttpRequest extends AbstractServerHttpRequest {

	private final HttpExchange exchange;

	private final DataBufferFactory bufferFactory;

	WebservServerHttpRequest(HttpExchange exchange, DataBufferFactory bufferFactory) throws URISyntaxException {
		super(HttpMethod.valueOf(exchange.head().method()), uri(exchange), "", headers(exchange.head()));
		this.exchange = exchange;
		this.bufferFactory = bufferFactory;
	}

	/**
	 * scheme://authority/target, the authority from Host (the listener's address when the
	 * request named none); an absolute-form target stands as it is.
	 */
	private static URI uri(HttpExchange exchange) throws URISyntaxException {
		Request.Head head = exchange.head();
		String target = head.target();
		if (!target.startsWith("/")) {
			return new URI(target);
		}
		String authority = head.headers().get("Host");
		if (authority == null || authority.isEmpty()) {
			InetSocketAddress local = exchange.localAddress();
			authority = local.getAddress().getHostAddress().contains(":")
					? "[" + local.getAddress().getHostAddress() + "]:" + local.getPort()
					: local.getAddress().getHostAddress() + ":" + local.getPort();
		}
		return new URI(exchange.scheme() + "://" + authority + target);
	}

	private static HttpHeaders headers(Request.Head head) {
		HttpHeaders headers = new HttpHeaders();
		for (Map.Entry<String, String> field : head.headers()) {
			headers.add(field.getKey(), field.getValue());
		}
		return headers;
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
