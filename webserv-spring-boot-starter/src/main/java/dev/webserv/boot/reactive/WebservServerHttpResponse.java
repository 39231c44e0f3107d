package dev.webserv.boot.reactive;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;

import dev.webserv.Headers;
import dev.webserv.HttpExchange;

/**
 * WebFlux's view of the response of an {@link HttpExchange}: status, headers and cookies
 * go to the exchange when WebFlux commits, body buffers are written with back-pressure
 * ({@link BodyWriter}), a streaming body (server-sent events) is flushed after each part,
 * and a file region goes out zero-copy. The native response is the {@link HttpExchange}.
 */
final class WebservServerHttpResponse extends AbstractServerHttpResponse implements ZeroCopyHttpOutputMessage {

	/** Framing is the server's: it chunks or closes as the request and status need. */
	private static final List<String> FRAMING = List.of("Transfer-Encoding", "Connection");

	private final HttpExchange exchange;

	WebservServerHttpResponse(HttpExchange exchange, DataBufferFactory bufferFactory) {
		super(bufferFactory, new HttpHeaders());
		this.exchange = exchange;
	}

	@SuppressWarnings("unchecked")
	@Override
	public <T> T getNativeResponse() {
		return (T) exchange;
	}

	/** 200 until set, as the response will be (WebFlux's observation tags it so). */
	@Override
	public HttpStatusCode getStatusCode() {
		HttpStatusCode status = super.getStatusCode();
		return status != null ? status : HttpStatusCode.valueOf(200);
	}

	@Override
	protected void applyStatusCode() {
		HttpStatusCode status = getStatusCode();
		if (status != null) {
			exchange.status(status.value());
		}
	}

	@Override
	protected void applyHeaders() {
		Headers target = exchange.responseHeaders();
		for (Map.Entry<String, List<String>> field : getHeaders().headerSet()) {
			if (FRAMING.stream().anyMatch(field.getKey()::equalsIgnoreCase)) {
				continue;
			}
			target.remove(field.getKey());
			for (String value : field.getValue()) {
				target.add(field.getKey(), value);
			}
		}
	}

	@Override
	protected void applyCookies() {
		for (List<ResponseCookie> cookies : getCookies().values()) {
			for (ResponseCookie cookie : cookies) {
				exchange.responseHeaders().add(HttpHeaders.SET_COOKIE, cookie.toString());
			}
		}
	}

	@Override
	protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
		return BodyWriter.write(exchange, body, false);
	}

	@Override
	protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return Flux.from(body).concatMap(part -> BodyWriter.write(exchange, part, true)).then();
	}

	@Override
	public Mono<Void> writeWith(Path file, long position, long count) {
		return doCommit(() -> Mono.fromFuture(() -> exchange.write(file, position, count)));
	}

}
