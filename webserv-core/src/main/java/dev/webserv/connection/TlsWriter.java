package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import dev.webserv.tls.TlsBuffers;
import dev.webserv.writer.CopyingChannel;

/**
 * The sending side of a {@link TlsTransport}: what the output writes to. Plain bytes are
 * encrypted into the loop's shared buffer, up to five records at a time, and written at
 * once; only what the socket does not take is kept, and nothing more is encrypted until
 * it has gone. Files come through the loop's direct file buffer ({@link CopyingChannel}).
 * Handshake messages the client does not wait for (the session ticket after its Finished,
 * when its request came with it) can be held back and leave in the same write as what
 * follows them; until then they count as not sent, so the connection asks to write and
 * they leave on the next pass at the latest. Loop thread only.
 */
final class TlsWriter implements CopyingChannel {

	static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final Transport transport;

	private final TlsBuffers buffers;

	/**
	 * Told when encrypted bytes wait for the socket (the transport asks for OP_WRITE).
	 */
	private final Runnable blocked;

	private SSLEngine engine;

	/** Encrypted output the socket did not take (read mode), or null. */
	private ByteBuffer pending;

	/** Encrypted output held back to leave with the next write (read mode), or null. */
	private ByteBuffer held;

	/** For {@link #write(ByteBuffer)}: one source, without an array per call. */
	private final ByteBuffer[] single = new ByteBuffer[1];

	TlsWriter(Transport transport, TlsBuffers buffers, Runnable blocked) {
		this.transport = transport;
		this.buffers = buffers;
		this.blocked = blocked;
	}

	void engine(SSLEngine engine) {
		this.engine = engine;
	}

	@Override
	public int write(ByteBuffer source) throws IOException {
		single[0] = source;
		try {
			return (int) write(single, 0, 1);
		}
		finally {
			single[0] = null;
		}
	}

	@Override
	public long write(ByteBuffer[] sources) throws IOException {
		return write(sources, 0, sources.length);
	}

	/** Encrypts what fits and writes it; returns the plain bytes taken. */
	@Override
	public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
		long consumed = 0;
		while (remaining(sources, offset, length) && drainPending()) {
			ByteBuffer out = out();
			long before = consumed;
			while (out.hasRemaining() && remaining(sources, offset, length)) {
				SSLEngineResult result = engine.wrap(sources, offset, length, out);
				consumed += result.bytesConsumed();
				if (result.getStatus() == Status.CLOSED) {
					throw new IOException("TLS output closed");
				}
				if (result.getStatus() != Status.OK || result.bytesProduced() == 0) {
					break;
				}
			}
			out.flip();
			boolean produced = out.hasRemaining();
			if (!send(out) || consumed == before && !produced) {
				break;
			}
		}
		return consumed;
	}

	private static boolean remaining(ByteBuffer[] sources, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			if (sources[i].hasRemaining()) {
				return true;
			}
		}
		return false;
	}

	@Override
	public ByteBuffer fileBuffer() {
		return buffers.file();
	}

	@Override
	public boolean isOpen() {
		return transport.channel.isOpen();
	}

	@Override
	public void close() {
		// the connection closes the socket
	}

	/**
	 * Wraps and writes the handshake messages the engine has to send; false when the
	 * socket did not take all.
	 */
	boolean sendControl() throws IOException {
		return send(wrapControl());
	}

	/**
	 * Wraps the handshake messages the engine has to send and holds them back, to leave
	 * with the next write; the transport is told as if the socket had not taken them.
	 */
	void holdControl() throws IOException {
		ByteBuffer out = wrapControl();
		if (out.remaining() > TlsBuffers.RECORD) {
			send(out); // more than a ticket: not worth a copy
			return;
		}
		if (!out.hasRemaining()) {
			return;
		}
		held = ByteBuffer.allocate(out.remaining()).put(out).flip();
		blocked.run();
	}

	private ByteBuffer wrapControl() throws IOException {
		ByteBuffer out = out();
		do {
			SSLEngineResult result = engine.wrap(EMPTY, out);
			if (result.getStatus() != Status.OK || result.bytesProduced() == 0) {
				break;
			}
		}
		while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
		return out.flip();
	}

	/**
	 * The loop's output buffer, cleared, with what was held back first: records leave in
	 * the order the engine made them.
	 */
	private ByteBuffer out() {
		ByteBuffer out = buffers.netOut();
		if (held != null) {
			out.put(held);
			held = null;
		}
		return out;
	}

	/**
	 * Closes the engine's output and writes what that makes: close_notify, or the alert
	 * of a failed handshake. Nothing is written when the engine cannot wrap any more.
	 */
	void closeOutbound() throws IOException {
		engine.closeOutbound();
		ByteBuffer out = out();
		try {
			while (!engine.isOutboundDone()) {
				SSLEngineResult result = engine.wrap(EMPTY, out);
				if (result.bytesProduced() == 0) {
					break;
				}
			}
		}
		catch (SSLException e) {
			return;
		}
		out.flip();
		send(out);
	}

	/** Writes encrypted bytes (read mode); false when the socket did not take all. */
	boolean send(ByteBuffer out) throws IOException {
		if (out.hasRemaining()) {
			transport.writeSocket(out);
		}
		if (!out.hasRemaining()) {
			return true;
		}
		if (pending == null || pending.capacity() < out.remaining()) {
			pending = ByteBuffer.allocate(Math.max(out.remaining(), TlsBuffers.RECORD));
		}
		pending.clear();
		pending.put(out).flip();
		blocked.run();
		return false;
	}

	/** Writes what was kept or held back; true once nothing is. */
	boolean drain() throws IOException {
		if (held != null) {
			ByteBuffer out = held;
			held = null;
			return send(out);
		}
		return drainPending();
	}

	/** Writes what the socket did not take (not what is held back); true once none is. */
	boolean drainPending() throws IOException {
		if (pending == null || !pending.hasRemaining()) {
			return true;
		}
		transport.writeSocket(pending);
		return !pending.hasRemaining();
	}

	/** Whether records are held back to leave with the next write. */
	boolean holding() {
		return held != null;
	}

	/** Whether encrypted bytes wait: ones the socket did not take, or held back. */
	boolean pending() {
		return held != null || untaken();
	}

	/**
	 * Whether bytes the socket did not take wait; records held back do not count (what is
	 * wrapped next goes behind them in the same write).
	 */
	boolean untaken() {
		return pending != null && pending.hasRemaining();
	}

	/** Lets the kept buffer go once empty: an idle connection holds none. */
	void release() {
		if (!pending()) {
			pending = null;
		}
	}

	/** Drops what was kept (the connection is closing). */
	void discard() {
		pending = null;
		held = null;
	}

}
