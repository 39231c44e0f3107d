package dev.webserv.boot.reactive;

import java.net.URISyntaxException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

import org.springframework.boot.web.server.Compression;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHeadResponseDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.webserv.ExchangeHandler;
import dev.webserv.HttpExchange;

/**
 * Runs a WebFlux {@link HttpHandler} on webserv's asynchronous exchange, as Spring's
 * {@code ReactorHttpHandlerAdapter} does on Reactor Netty: the request and response
 * adapters, HEAD answered without a body, the handler's completion ending the response,
 * an error before the commit answered 500 (after it, the connection is closed), and the
 * client's going away cancelling the handler's subscription (and so the application's
 * Flux).
 */
public final class WebservHttpHandlerAdapter implements ExchangeHandler {

	private static final Log logger = LogFactory.getLog(WebservHttpHandlerAdapter.class);

	private final HttpHandler httpHandler;

	private final DataBufferFactory bufferFactory = DefaultDataBufferFactory.sharedInstance;

	private final ResponseCompression compression;

	public WebservHttpHandlerAdapter(HttpHandler httpHandler) {
		this(httpHandler, null);
	}

	/**
	 * @param compression Boot's server.compression; null or disabled: no compression
	 */
	public WebservHttpHandlerAdapter(HttpHandler httpHandler, Compression compression) {
		this.httpHandler = httpHandler;
		this.compression = (compression != null && compression.getEnabled()) ? new ResponseCompression(compression)
				: null;
	}

	@Override
	public void handle(HttpExchange exchange) {
		WebservServerHttpRequest request;
		try {
			request = new WebservServerHttpRequest(exchange, bufferFactory);
		}
		catch (URISyntaxException | IllegalArgumentException e) {
			// a target or Host the parser let through that java.net.URI refuses
			exchange.status(400);
			exchange.end();
			return;
		}
		WebservServerHttpResponse webservResponse = new WebservServerHttpResponse(exchange, bufferFactory, compression);
		ServerHttpResponse response = webservResponse;
		if (request.getMethod() == HttpMethod.HEAD) {
			response = new HttpHeadResponseDecorator(response);
		}
		httpHandler.handle(request, response).subscribe(new Completion(webservResponse.output(), response, false));
	}

	/**
	 * Ends the response when the handler completes; cancels it when the client leaves.
	 */
	private static final class Completion implements CoreSubscriber<Void> {

		private final HttpExchange exchange;

		private final ServerHttpResponse response;

		/** Whether this follows the commit of an empty response, the handler done. */
		private final boolean committing;

		Completion(HttpExchange exchange, ServerHttpResponse response, boolean committing) {
			this.exchange = exchange;
			this.response = response;
			this.committing = committing;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			exchange.onAbort(cause -> subscription.cancel());
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Void ignored) {
		}

		@Override
		public void onError(Throwable error) {
			if (exchange.committed()) {
				logger.debug("Response failed after its commit; closing the connection", error);
				exchange.abort(error);
				return;
			}
			logger.error("Request failed before a response was committed", error);
			// the handler's headers went straight to the exchange: none of them is the
			// 500's
			new HeadersAdapter(exchange.responseHeaders()).clear();
			exchange.status(500);
			exchange.end();
		}

		/**
		 * Ends the response, committing it first when the handler wrote nothing:
		 * WebFlux's own adapter does that too, a bare HttpHandler may not.
		 */
		@Override
		public void onComplete() {
			if (committing || response.isCommitted()) {
				exchange.end();
				return;
			}
			response.setComplete().subscribe(new Completion(exchange, response, true));
		}

	}

}
