package dev.webserv.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;

import dev.webserv.ExchangeHandler;
import dev.webserv.HttpExchange;

/**
 * A request body subscriber for tests: takes what it asked for (by default everything)
 * into memory and completes {@link #body()} at the end, or exceptionally on error.
 */
public class BodyCollector implements Flow.Subscriber<ByteBuffer> {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private final long demand;

	/** A collector that asks for everything at once. */
	public BodyCollector() {
		this(Long.MAX_VALUE);
	}

	/**
	 * @param demand what it asks for on subscription, and never more (0: a subscriber
	 * that never requests)
	 */
	public BodyCollector(long demand) {
		this.demand = demand;
	}

	public CompletableFuture<byte[]> body() {
		return body;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		if (demand > 0) {
			subscription.request(demand);
		}
	}

	@Override
	public void onNext(ByteBuffer item) {
		byte[] copy = new byte[item.remaining()];
		item.get(copy);
		bytes.writeBytes(copy);
	}

	@Override
	public void onError(Throwable throwable) {
		body.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		body.complete(bytes.toByteArray());
	}

	/**
	 * An exchange handler that reads the whole body, then answers with what
	 * {@code answer} writes (it must end the exchange).
	 */
	public static ExchangeHandler then(BiConsumer<HttpExchange, byte[]> answer) {
		return exchange -> {
			BodyCollector collector = new BodyCollector();
			exchange.requestBody().subscribe(collector);
			collector.body().thenAccept(body -> answer.accept(exchange, body));
		};
	}

	/** Writes {@code text} as the whole response and ends it. */
	public static void answer(HttpExchange exchange, String text) {
		exchange.responseHeaders().set("Content-Type", "text/plain");
		exchange.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
		exchange.end();
	}

}
