package dev.webserv.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * A blocking handler held until the test releases it, so a request can be caught in
 * flight.
 */
public final class HeldHandler implements Handler {

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch released = new CountDownLatch(1);

	private final String body;

	public HeldHandler(String body) {
		this.body = body;
	}

	@Override
	public Response handle(Request request) throws InterruptedException {
		entered.countDown();
		released.await(10, TimeUnit.SECONDS);
		return Response.ok(body);
	}

	/** Whether a request reached the handler within 5 seconds. */
	public boolean awaitEntered() throws InterruptedException {
		return entered.await(5, TimeUnit.SECONDS);
	}

	public void release() {
		released.countDown();
	}

}
