package dev.webserv.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import dev.webserv.TlsInfo;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ServerEvents;
import dev.webserv.listener.Listener;
import dev.webserv.proxyprotocol.ProxyPreface;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * The bytes of one connection on the wire: reads into the loop's buffer, flushes the
 * output, counts what moves (telling the events as it does), half-closes and closes. This
 * class is the plain one; on a listener marked {@code ssl} {@link #open} gives a
 * {@link TlsTransport}, which wraps and unwraps here (handshake tasks on the loop within
 * a budget). The connection above sees plain bytes either way, and knows of TLS only the
 * {@link #tls()} it hands its exchanges and the handshake deadline. Loop thread only.
 */
class Transport {

	final SocketChannel channel;

	final String listener;

	final ServerEvents events;

	SelectionKey key;

	long received;

	long sent;

	/** FIN sent: what still comes is drained until the peer is done. */
	private boolean outputShut;

	Transport(SocketChannel channel, String listener, ServerEvents events) {
		this.channel = channel;
		this.listener = listener;
		this.events = events;
	}

	/**
	 * The transport a connection of {@code listener} speaks.
	 * @param preface the PROXY header a TLS connection reads before its handshake (null:
	 * none); a plain one leaves it to the connection's {@link Intake}
	 * @param wake runs the connection's read path when the transport has input ready that
	 * the selector cannot see (decrypted after a handshake task finished)
	 */
	static Transport open(SocketChannel channel, Listener listener, ServerEvents events, ServerRuntime server,
			EventLoop loop, VirtualHosts hosts, ProxyPreface preface, Runnable wake) {
		if (!listener.address().ssl()) {
			return new Transport(channel, listener.name(), events);
		}
		return new TlsTransport(channel, listener, events, server, loop, hosts, preface, wake);
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
		return readReady(buffer);
	}

	/**
	 * The first read after the selector said the socket is readable. Once the output is
	 * shut, a socket that is readable with no byte to read has ended (the peer's FIN, or
	 * its reset: a TLS client that closes with the server's close_notify unread sends
	 * RST): the end of the stream, without the read that would throw two exceptions,
	 * stack traces and all, for a reset.
	 */
	final int readReady(ByteBuffer buffer) throws IOException {
		if (outputShut && channel.socket().getInputStream().available() == 0) {
			return -1;
		}
		return readSocket(buffer);
	}

	/** Reads from the socket, counting and telling what came. */
	final int readSocket(ByteBuffer buffer) throws IOException {
		int read = channel.read(buffer);
		if (read > 0) {
			received += read;
			events.bytesTransferred(listener, read, 0);
		}
		return read;
	}

	/** Writes to the socket, telling what went. */
	final int writeSocket(ByteBuffer buffer) throws IOException {
		int written = channel.write(buffer);
		if (written > 0) {
			sent += written;
			events.bytesTransferred(listener, 0, written);
		}
		return written;
	}

	/** Writes what the socket takes of {@code output}. */
	Progress flush(Output output) throws IOException {
		long before = output.bytesWritten();
		try {
			return output.flush(channel);
		}
		finally {
			long written = output.bytesWritten() - before;
			if (written > 0) {
				sent += written;
				events.bytesTransferred(listener, 0, written);
			}
		}
	}

	/** Bytes read from the socket (encrypted ones, over TLS). */
	long bytesReceived() {
		return received;
	}

	/** Bytes written to the socket (encrypted ones, over TLS). */
	long bytesSent() {
		return sent;
	}

	/** What the TLS handshake agreed; null on a plain connection. */
	TlsInfo tls() {
		return null;
	}

	/**
	 * Whether a TLS handshake (or the refusal of plain HTTP on a TLS port) has outlived
	 * its deadline: the connection then closes. Never on a plain connection.
	 */
	boolean handshakeExpired(long now) {
		return false;
	}

	/** Sends FIN: no more output, input still read (drained, when it wakes the loop). */
	void shutdownOutput() throws IOException {
		channel.shutdownOutput();
		outputShut = true;
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
