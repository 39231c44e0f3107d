package dev.webserv.proxyprotocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The PROXY protocol step that opens a connection on a listener configured for it: a
 * complete, valid header must arrive before its deadline, and before any byte is parsed
 * as HTTP (proxy-protocol.txt §2: the receiver must not guess whether a header is there).
 * Afterwards it answers for the client's and the server's addresses. On an {@code ssl}
 * listener the TLS transport reads it from the raw bytes, before the handshake (the proxy
 * sends it in clear), and the connection's intake then finds it complete. Time is passed
 * in, so the connection's sweep decides when it expires.
 */
public final class ProxyPreface {

	private final ProxyHeaderDecoder decoder;

	private final long deadline;

	private ProxyHeader header;

	/**
	 * @param timeout how long the header may take, from the connection's opening
	 * @param openedNanos when the connection opened ({@link System#nanoTime()})
	 */
	public ProxyPreface(Duration timeout, long openedNanos) {
		this.decoder = new ProxyHeaderDecoder();
		this.deadline = openedNanos + timeout.toNanos();
	}

	/**
	 * Reads header bytes from {@code in}.
	 * @return true once the header is complete ({@code in} is then positioned on the
	 * first byte after it, for the HTTP parser); false when every byte was read and more
	 * are needed
	 * @throws ProxyHeaderException when the header is malformed: close the connection
	 * without an answer
	 */
	public boolean read(ByteBuffer in) {
		if (header == null) {
			header = decoder.decode(in);
		}
		return header != null;
	}

	/** Whether the header has been read. */
	public boolean complete() {
		return header != null;
	}

	/** Whether part of the header has arrived and the rest has not. */
	public boolean inProgress() {
		return decoder.inProgress();
	}

	/** Whether the header is still missing at {@code nowNanos}, past its deadline. */
	public boolean expired(long nowNanos) {
		return header == null && nowNanos - deadline > 0;
	}

	/** The header, or null before it is complete. */
	public ProxyHeader header() {
		return header;
	}

	/** The client's address: the header's source, or the peer (LOCAL, UNKNOWN). */
	public InetSocketAddress client(InetSocketAddress peer) {
		return header != null ? header.client(peer) : peer;
	}

	/**
	 * The address the client connected to: the header's destination, or the socket's own.
	 */
	public InetSocketAddress server(InetSocketAddress local) {
		return header != null ? header.server(local) : local;
	}

}
