package dev.webserv.bench.servers;

import java.nio.ByteBuffer;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;

/**
 * Undertow's core (no servlet layer), answering on the I/O thread as its fast path
 * intends: one I/O thread, Date written by Undertow itself
 * ({@link UndertowOptions#ALWAYS_SET_DATE}, on by default). Arguments: port.
 */
public final class UndertowHello {

	private static final ByteBuffer BODY = ByteBuffer.allocateDirect(Hello.BODY.length).put(Hello.BODY).flip();

	private UndertowHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		Undertow server = Undertow.builder()
			.addHttpListener(port, Hello.HOST)
			.setIoThreads(1)
			.setWorkerThreads(1)
			.setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
			.setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
			.setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
			.setSocketOption(org.xnio.Options.BACKLOG, 1024)
			.setHandler(exchange -> {
				HeaderMap headers = exchange.getResponseHeaders();
				headers.put(Headers.CONTENT_TYPE, Hello.CONTENT_TYPE);
				headers.put(Headers.SERVER, "undertow");
				headers.put(Headers.CONTENT_LENGTH, Hello.BODY.length);
				exchange.getResponseSender().send(BODY.duplicate());
			})
			.build();
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Hello.ready("undertow", port);
	}

}
