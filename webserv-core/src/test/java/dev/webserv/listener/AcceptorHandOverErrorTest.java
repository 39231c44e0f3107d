package dev.webserv.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webserv.config.ListenAddress;
import dev.webserv.eventloop.EventLoop;

/**
 * An error (not an exception) out of the hand-over, such as the NoClassDefFoundError a
 * lazily loaded class gives when no file descriptor is left to read it, costs that socket
 * only: the listener stays open and the socket is closed, not leaked.
 */
class AcceptorHandOverErrorTest {

	@Test
	void anErrorHandingOverASocketClosesThatSocketAndNotTheListener() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		LinkedBlockingQueue<SocketChannel> served = new LinkedBlockingQueue<>();
		Acceptor.Connections connections = new Acceptor.Connections() {
			@Override
			public boolean tryReserve() {
				return true;
			}

			@Override
			public void open(SocketChannel channel, Listener listener) {
				if (calls.incrementAndGet() == 1) {
					throw new NoClassDefFoundError("dev/webserv/Missing (Too many open files)");
				}
				served.add(channel);
			}

			@Override
			public void rejected(Listener listener) {
			}
		};
		EventLoop loop = new EventLoop("acceptor-error-test", Duration.ofMillis(50));
		Listener listener = Listener.open(new ListenAddress("127.0.0.1", 0), 50);
		loop.start();
		try {
			CompletableFuture<SelectionKey> registered = new CompletableFuture<>();
			loop.execute(() -> {
				try {
					registered.complete(loop.registerUntimed(listener.channel(), SelectionKey.OP_ACCEPT,
							new Acceptor(listener, connections)));
				}
				catch (IOException e) {
					registered.completeExceptionally(e);
				}
			});
			registered.get(5, TimeUnit.SECONDS);
			try (Socket first = new Socket("127.0.0.1", listener.port())) {
				first.setSoTimeout(3000);
				InputStream in = first.getInputStream();
				try {
					assertThat(in.read()).as("the socket whose hand-over failed is closed").isEqualTo(-1);
				}
				catch (SocketTimeoutException leaked) {
					throw new AssertionError("the socket whose hand-over failed was left open", leaked);
				}
			}
			assertThat(listener.channel().isOpen()).as("the listener is still open").isTrue();
			try (Socket second = new Socket("127.0.0.1", listener.port())) {
				SocketChannel next = served.poll(3, TimeUnit.SECONDS);
				assertThat(next).as("the next socket is handed over").isNotNull();
				next.close();
			}
		}
		finally {
			loop.stop(5000);
			listener.close();
		}
	}

}
