package dev.webserv.compression;

import java.time.Duration;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * A change made to every response of a handler, after it ran, on the thread it ran on.
 */
@FunctionalInterface
interface ResponseFilter {

	Response apply(Request request, Response response);

	/** The handler followed by this filter; its threading and timeout are kept. */
	default Handler around(Handler handler) {
		return new Handler() {
			@Override
			public Response handle(Request request) throws Exception {
				Response response = handler.handle(request);
				return response == null ? null : ResponseFilter.this.apply(request, response);
			}

			@Override
			public boolean blocking() {
				return handler.blocking();
			}

			@Override
			public Duration timeout() {
				return handler.timeout();
			}
		};
	}

}
