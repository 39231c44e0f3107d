package dev.webserv.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ServerEvents;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * The bytes of one connection on the wire: reads into the loop's buffer, flushes the
 * output, counts what moves (telling the events as it does), half-closes and closes. The
 * connection above it sees plain bytes only: a TLS transport would wrap and unwrap here
 * (handshake tasks off the loop) and leave the connection and its exchanges unchanged.
 * Loop thread only.
 */
final class Transport {

	private final SocketChannel channel;

	private final String listener;

	private final ServerEvents events;

	private SelectionKey key;

	private long received;

	Transport(SocketChannel channel, String listener, ServerEvents events) {
		this.channel = channel;
		this.listener = listener;
		this.events = events;
	}

	/** Makes the socket non-blocking and registers it for reading. */
	void register(EventLoop loop, EventLoop.Member member) throws IOException {
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		key = loop.register(channel, SelectionKey.OP_READ, member);
	}

	InetSocketAddress remoteAddress() throws IOException {
		return (InetSocketAddress) channel.getRemoteAddress();
	}

	InetSocketAddress localAddress() throws IOException {
		return (InetSocketAddress) channel.getLocalAddress();
	}

	/**
	 * Reads what has arrived into {@code buffer} (left in write mode).
	 * @return the count, 0 when nothing came, -1 at the end of the stream
	 */
	int read(ByteBuffer buffer) throws IOException {
		int read = channel.read(buffer);
		if (read > 0) {
			received += read;
			events.bytesTransferred(listener, read, 0);
		}
		return read;
	}

	/** Writes what the socket takes of {@code output}. */
	Progress flush(Output output) throws IOException {
		long before = output.bytesWritten();
		try {
			return output.flush(channel);
		}
		finally {
			long sent = output.bytesWritten() - before;
			if (sent > 0) {
				events.bytesTransferred(listener, 0, sent);
			}
		}
	}

	long bytesReceived() {
		return received;
	}

	/** Sends FIN: no more output, input still read. */
	void shutdownOutput() throws IOException {
		channel.shutdownOutput();
	}

	void interest(int ops) {
		if (key != null && key.isValid() && key.interestOps() != ops) {
			key.interestOps(ops);
		}
	}

	void close() {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// closed either way
		}
	}

}
