package dev.webserv.boot;

import dev.webserv.Request;

/**
 * A handler that may return any value; {@link WebservResponses#from(Object)} turns it
 * into a response: a {@link dev.webserv.Response} as it is, a {@code String} as text,
 * {@code byte[]} as octets, a {@link java.nio.file.Path} or {@link java.io.File} as a
 * file, an {@link java.io.InputStream} as a stream, {@code null} as 204, and any other
 * object as JSON through the application's Jackson mapper.
 */
@FunctionalInterface
public interface ResultHandler {

	Object handle(Request request) throws Exception;

	/**
	 * Whether this handler may block; false runs it on the event loop (see
	 * {@link dev.webserv.Handler}).
	 */
	default boolean blocking() {
		return true;
	}

	/** Wraps a handler that never blocks, so it runs on the event loop. */
	static ResultHandler nonBlocking(ResultHandler handler) {
		return new ResultHandler() {
			@Override
			public Object handle(Request request) throws Exception {
				return handler.handle(request);
			}

			@Override
			public boolean blocking() {
				return false;
			}
		};
	}

	/** A core handler seen as a result handler, keeping whether it blocks. */
	static ResultHandler of(dev.webserv.Handler handler) {
		return new ResultHandler() {
			@Override
			public Object handle(Request request) throws Exception {
				return handler.handle(request);
			}

			@Override
			public boolean blocking() {
				return handler.blocking();
			}
		};
	}

}
