package dev.webserv.connection;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import dev.webserv.writer.Output;

/**
 * The end of a streamed response, once its handler called {@code end()}: the future of
 * that call, completed when the last byte is written (the exchange's completion fires
 * then) or failed when it never will be (the exchange's abort is told then); a later
 * {@code end()} gets the same outcome. Loop thread only.
 */
final class ResponseEnd implements Output.Sent {

	/** What the exchange does when its last byte leaves, or never will. */
	interface Outcome {

		/** The last byte was written. */
		void written();

		/**
		 * The connection closed first.
		 * @return why, or null when the client left
		 */
		Throwable lost();

	}

	private final CompletableFuture<Void> future;

	private final Outcome outcome;

	ResponseEnd(CompletableFuture<Void> future, Outcome outcome) {
		this.future = future;
		this.outcome = outcome;
	}

	/** Completes {@code again}, the future of a later end(), as the first one. */
	void relay(CompletableFuture<Void> again) {
		future.whenComplete((ok, failure) -> {
			if (failure == null) {
				again.complete(null);
			}
			else {
				again.completeExceptionally(failure);
			}
		});
	}

	@Override
	public void sent() {
		outcome.written();
		future.complete(null);
	}

	@Override
	public void dropped() {
		Throwable cause = outcome.lost();
		future.completeExceptionally(
				cause != null ? cause : new IOException("the client closed the connection before the end"));
	}

}
