package dev.webserv.boot.reactive;

import java.nio.file.Path;
import java.util.List;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;

import dev.webserv.HttpExchange;

/**
 * WebFlux's view of the response of an {@link HttpExchange}: the headers are a view of
 * the exchange's own (no copy at the commit), status and cookies go to the exchange when
 * WebFlux commits, body buffers are written with back-pressure ({@link BodyWriter}), a
 * streaming body (server-sent events) is flushed after each part, a file region goes out
 * zero-copy, and with server.compression a body of the right type and size is
 * gzip-encoded ({@link ResponseCompression}, {@link GzipExchange}). The native response
 * is the {@link HttpExchange}.
 */
final class WebservServerHttpResponse extends AbstractServerHttpResponse implements ZeroCopyHttpOutputMessage {

	private final HttpExchange exchange;

	/** null when server.compression is off. */
	private final ResponseCompression compression;

	/** Where the body goes: the exchange, or a gzip encoder in front of it. */
	private final HttpExchange output;

	private volatile boolean fileBody;

	WebservServerHttpResponse(HttpExchange exchange, DataBufferFactory bufferFactory, ResponseCompression compression) {
		super(bufferFactory, new HttpHeaders(new HeadersAdapter(exchange.responseHeaders())));
		this.exchange = exchange;
		this.compression = compression;
		this.output = compression != null ? new GzipExchange(exchange) : exchange;
	}

	/** The exchange the body and its end go to (compressing when the commit said so). */
	HttpExchange output() {
		return output;
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

	/**
	 * The headers are the exchange's already (a live view); only compression has a say
	 * now. Framing is the server's: it checks and writes the Content-Length, and drops a
	 * handler's Transfer-Encoding and Connection fields for its own.
	 */
	@Override
	protected void applyHeaders() {
		if (compression != null && !fileBody && compression.apply(HttpMethod.valueOf(exchange.head().method()),
				getStatusCode().value(), exchange.head().headers().getAll("Accept-Encoding"), getHeaders())) {
			((GzipExchange) output).start();
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
		return BodyWriter.write(output, body, false);
	}

	@Override
	protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return Flux.from(body).concatMap(part -> BodyWriter.write(output, part, true)).then();
	}

	@Override
	public Mono<Void> writeWith(Path file, long position, long count) {
		fileBody = true; // zero-copy: sent as it is, never compressed
		return doCommit(() -> Mono.fromFuture(() -> exchange.write(file, position, count)));
	}

}
