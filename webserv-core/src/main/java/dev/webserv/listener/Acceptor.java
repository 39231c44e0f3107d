package dev.webserv.listener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import dev.webserv.eventloop.EventLoop;

/**
 * Accepts connections on one listener and hands each to the next event loop in turn. Past
 * max-connections it still accepts, answers 503 and closes at once, so clients learn
 * quickly instead of waiting in the backlog, and the loop never spins on a readable
 * listen socket it refuses to drain.
 */
public final class Acceptor implements EventLoop.Member {

	/** Takes an accepted socket. */
	public interface Connections {

		/** Reserves a slot under max-connections; false when full. */
		boolean tryReserve();

		/** Serves the socket; called on the acceptor's loop, must hand over quickly. */
		void open(SocketChannel channel, Listener listener);

		/** The socket was refused (max-connections reached). */
		void rejected(Listener listener);

	}

	private static final int ACCEPTS_PER_WAKEUP = 128;

	private static final byte[] OVERLOADED = ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
			+ "Connection: close\r\nRetry-After: 1\r\n\r\n")
		.getBytes(StandardCharsets.US_ASCII);

	private final Listener listener;

	private final Connections connections;

	public Acceptor(Listener listener, Connections connections) {
		this.listener = listener;
		this.connections = connections;
	}

	@Override
	public void ready(SelectionKey key) throws IOException {
		for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
			SocketChannel channel;
			try {
				channel = listener.channel().accept();
			}
			catch (IOException e) {
				return; // EMFILE and friends: the next wake-up tries again
			}
			if (channel == null) {
				return;
			}
			if (connections.tryReserve()) {
				connections.open(channel, listener);
			}
			else {
				shed(channel);
				connections.rejected(listener);
			}
		}
	}

	private static void shed(SocketChannel channel) {
		try (channel) {
			channel.configureBlocking(false);
			channel.write(ByteBuffer.wrap(OVERLOADED));
		}
		catch (IOException ignored) {
			// the client went away first
		}
	}

	@Override
	public void close() {
		listener.close();
	}

}
