package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import dev.webserv.TlsInfo;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TlsFailure;
import dev.webserv.listener.Listener;
import dev.webserv.proxyprotocol.ProxyPreface;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.tls.TlsBuffers;
import dev.webserv.tls.TlsFailures;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * TLS under a connection, on an {@link SSLEngine}:
 *
 * <pre>
 *  PROXY header in clear first on a proxy_protocol listener (malformed, late --> CLOSED, unanswered)
 *  HELLO --ClientHello whole: SNI picks the server--> HANDSHAKE --finished--> OPEN
 *    |  plain HTTP: nginx's 400, FIN --> REFUSED (input drained until EOF or the deadline)
 *    |  not TLS, too large, alert, EOF, deadline ---------------------------------> CLOSED
 * </pre>
 *
 * Encrypted input is read into the loop's shared buffer and decrypted straight into the
 * connection's read buffer; only a partial record is kept per connection. Output is
 * encrypted into the loop's shared buffer and written; only what the socket did not take
 * is kept. Delegated tasks run on the loop within a budget, past it on the server's I/O
 * executor ({@link TlsHandshake}); while they run there, the socket stays watched (the
 * client has nothing to send before the server's flight, and un-watching it costs two
 * system calls), unless input does come: then it is left in the socket until they are
 * done. The connection's read path is woken when they are, and goes on from what it holds
 * without reading the socket. close_notify is sent on every orderly close and answered
 * when received (after the answer to a request that came before it); a TLS 1.2
 * renegotiation closes the connection. The handshake must end within the handshake
 * timeout ({@code timeouts.handshake}). Loop thread only.
 */
final class TlsTransport extends Transport {

	private enum Phase {

		HELLO, HANDSHAKE, OPEN, REFUSED, CLOSED

	}

	private final EventLoop loop;

	private final Runnable wake;

	private final TlsBuffers buffers;

	private final TlsWriter writer;

	private final long deadlineNanos;

	private Phase phase = Phase.HELLO;

	private SSLEngine engine;

	private final TlsHandshake handshake;

	private TlsInfo info;

	/** Encrypted input not decrypted yet: a partial record (read mode), or null. */
	private ByteBuffer pendingIn;

	private boolean inboundDone;

	private boolean failureTold;

	/** Input came while the tasks ran: the socket is not watched until they are done. */
	private boolean inputWhileTasks;

	/**
	 * The tasks are done: the next read goes on with what is held, without a read the
	 * selector has not asked for.
	 */
	private boolean resumed;

	private IOException failure;

	private int requestedOps = SelectionKey.OP_READ;

	TlsTransport(SocketChannel channel, Listener listener, ServerEvents events, ServerRuntime server, EventLoop loop,
			VirtualHosts hosts, ProxyPreface preface, Runnable wake) {
		super(channel, listener.name(), events);
		this.loop = loop;
		this.wake = wake;
		this.buffers = TlsBuffers.of(loop);
		this.writer = new TlsWriter(this, buffers, this::applyInterest);
		this.handshake = new TlsHandshake(hosts, listener, writer, loop, server.io(), preface, this::tasksDone);
		this.deadlineNanos = server.config().timeouts().handshake().toNanos();
	}

	@Override
	TlsInfo tls() {
		return info;
	}

	@Override
	boolean handshakeExpired(long now) {
		if (phase == Phase.OPEN || phase == Phase.CLOSED || !handshake.overdue(now, deadlineNanos)) {
			return false;
		}
		told(TlsFailure.TIMEOUT);
		return true;
	}

	@Override
	int read(ByteBuffer dst) throws IOException {
		if (failure != null) {
			throw failure;
		}
		if (phase == Phase.REFUSED) {
			return discard();
		}
		if (phase == Phase.CLOSED || inboundDone) {
			return -1;
		}
		if (handshake.tasksRunning()) {
			inputWhileTasks = true;
			applyInterest();
			return 0;
		}
		boolean fromSocket = !resumed;
		resumed = false;
		ByteBuffer net = buffers.netIn();
		if (phase == Phase.OPEN) {
			// whatever is read decrypts into dst
			int kept = pendingIn == null ? 0 : pendingIn.remaining();
			net.limit(Math.min(net.capacity(), Math.max(dst.remaining(), kept)));
		}
		if (pendingIn != null) {
			net.put(pendingIn);
			pendingIn = null;
		}
		int read = fromSocket && net.hasRemaining() ? readReady(net) : 0;
		net.flip();
		try {
			return process(net, dst, read < 0);
		}
		catch (SSLException e) {
			throw failed(TlsFailures.of(e), e);
		}
		catch (RuntimeException e) {
			throw engineFailed(e);
		}
		finally {
			if (net.hasRemaining() && phase != Phase.CLOSED && phase != Phase.REFUSED) {
				pendingIn = ByteBuffer.allocate(net.remaining()).put(net).flip();
			}
		}
	}

	private int process(ByteBuffer net, ByteBuffer dst, boolean eof) throws IOException {
		int produced = 0;
		while (phase != Phase.CLOSED) {
			if ((phase == Phase.HELLO || phase == Phase.HANDSHAKE) && !handshake(net, dst)) {
				break;
			}
			if (!net.hasRemaining()) {
				break;
			}
			SSLEngineResult result = engine.unwrap(net, dst);
			produced += result.bytesProduced();
			if (result.getStatus() == Status.CLOSED) {
				if (produced == 0) {
					closeNotifyReceived();
				}
				else {
					// a request came before it: answered first, ours goes at the close
					// the
					// end of the stream brings on the next read
					inboundDone = true;
					loop.returns().execute(wake);
				}
				break;
			}
			if (result.getStatus() != Status.OK || result.bytesConsumed() == 0) {
				break;
			}
			HandshakeStatus status = result.getHandshakeStatus();
			if (status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED) {
				renegotiating();
			}
		}
		if (produced > 0) {
			return produced;
		}
		return eof || inboundDone ? endOfStream() : 0;
	}

	/**
	 * Drives the handshake as far as it goes now; true once it is over (the connection
	 * open), false while it waits for input, a task or the socket.
	 */
	private boolean handshake(ByteBuffer net, ByteBuffer dst) throws IOException {
		TlsHandshake.Step step = handshake.step(net, dst);
		if (phase == Phase.HELLO && handshake.engine() != null) {
			engine = handshake.engine();
			phase = Phase.HANDSHAKE;
		}
		switch (step) {
			case DONE -> {
				if (phase == Phase.HANDSHAKE && info == null) {
					info = handshake.agreed(events, listener);
				}
				phase = Phase.OPEN;
				return true;
			}
			case PEER_CLOSED -> closeNotifyReceived();
			case BAD_PROXY_HEADER -> {
				phase = Phase.CLOSED;
				throw new IOException("malformed PROXY header");
			}
			case OVERLOADED -> throw failed(TlsFailure.OVERLOADED, null);
			case NOT_TLS -> throw failed(TlsFailure.NOT_TLS, null);
			case PLAIN_HTTP -> refusePlainHttp(net);
			case NO_ENGINE -> {
				told(TlsFailure.HANDSHAKE);
				phase = Phase.CLOSED;
				throw new IOException("no TLS engine");
			}
			default -> applyInterest(); // writes pending, or input while tasks run
		}
		return false;
	}

	/**
	 * A handshake message after the handshake: TLS 1.3 key updates go on, a TLS 1.2
	 * renegotiation is refused.
	 */
	private void renegotiating() throws IOException {
		if (!info.protocol().equals("TLSv1.3")) {
			throw failed(TlsFailure.RENEGOTIATION, null);
		}
		phase = Phase.HANDSHAKE;
	}

	/** On the loop: the tasks ran (or were dropped); the read path takes over again. */
	private void tasksDone() {
		if (phase == Phase.CLOSED) {
			return;
		}
		if (!handshake.tasksRan()) {
			failure = failed(TlsFailure.OVERLOADED, null);
		}
		inputWhileTasks = false;
		resumed = true;
		applyInterest();
		wake.run();
	}

	/** The peer's close_notify: answered with ours, then the end of the stream. */
	private void closeNotifyReceived() throws IOException {
		inboundDone = true;
		if (phase != Phase.OPEN) {
			told(TlsFailure.CLOSED);
		}
		sendCloseNotify();
	}

	private int endOfStream() {
		if (phase != Phase.OPEN) {
			told(TlsFailure.CLOSED);
		}
		return -1;
	}

	private void refusePlainHttp(ByteBuffer net) throws IOException {
		told(TlsFailure.PLAIN_HTTP);
		phase = Phase.REFUSED;
		net.position(net.limit());
		writeSocket(buffers.plainHttpRefusal());
		super.shutdownOutput();
	}

	/** After the refusal: reads and drops input until the client closes. */
	private int discard() throws IOException {
		ByteBuffer scratch = buffers.netIn();
		int read = readReady(scratch);
		while (read > 0) {
			scratch.clear();
			read = readSocket(scratch);
		}
		return read < 0 ? -1 : 0;
	}

	/**
	 * The handshake or a record failed: tells why once, sends the engine's alert if it
	 * has one, and gives the exception that closes the connection.
	 */
	private IOException failed(TlsFailure reason, SSLException cause) {
		if (info == null || reason == TlsFailure.RENEGOTIATION) {
			told(reason);
		}
		if (engine != null && cause != null) {
			try {
				writer.closeOutbound();
			}
			catch (IOException | RuntimeException ignored) {
				// the alert is a courtesy
			}
		}
		phase = Phase.CLOSED;
		return cause != null ? cause : new IOException("TLS: " + reason.tag());
	}

	/**
	 * What a delegated task threw (a key or trust manager that fails), which the engine
	 * gives back at its next step: a failed handshake, logged once per listener and kind
	 * (not once per client).
	 */
	private IOException engineFailed(RuntimeException e) {
		loop.failures().log("TLS engine on " + listener, e);
		return failed(TlsFailure.HANDSHAKE, null);
	}

	/** Tells why the handshake failed, once; never before it began (a PROXY header). */
	private void told(TlsFailure reason) {
		if (!failureTold && !handshake.prefacePending()) {
			failureTold = true;
			events.tlsHandshakeFailed(listener, reason);
		}
	}

	@Override
	Progress flush(Output output) throws IOException {
		if (phase == Phase.CLOSED || phase == Phase.REFUSED) {
			return Progress.DONE;
		}
		if (phase != Phase.OPEN) {
			if (!writer.drain()) {
				return Progress.BLOCKED;
			}
			if (phase == Phase.HANDSHAKE && !handshake.tasksRunning()) {
				try {
					handshake(TlsWriter.EMPTY, TlsWriter.EMPTY);
				}
				catch (SSLException e) {
					throw failed(TlsFailures.of(e), e);
				}
				catch (RuntimeException e) {
					throw engineFailed(e);
				}
				if (pendingIn != null || phase == Phase.OPEN) {
					loop.returns().execute(wake);
				}
			}
			return writer.pending() ? Progress.BLOCKED : Progress.DONE;
		}
		// what the socket did not take first; records held back leave with the output
		if (!writer.drainPending()) {
			return Progress.BLOCKED;
		}
		Progress progress = output.flush(writer);
		if (writer.holding()) {
			writer.drain(); // there was nothing to send them with
		}
		if (progress == Progress.DONE && writer.pending()) {
			return Progress.BLOCKED;
		}
		if (output.isEmpty()) {
			writer.release();
		}
		return progress;
	}

	@Override
	void interest(int ops) {
		requestedOps = ops;
		applyInterest();
	}

	private void applyInterest() {
		int ops = requestedOps;
		if (phase == Phase.HELLO || phase == Phase.HANDSHAKE) {
			ops |= SelectionKey.OP_READ;
		}
		if (inputWhileTasks && handshake.tasksRunning()) {
			ops &= ~SelectionKey.OP_READ;
		}
		if (writer.pending()) {
			ops |= SelectionKey.OP_WRITE;
		}
		super.interest(ops);
	}

	@Override
	void shutdownOutput() throws IOException {
		sendCloseNotify();
		super.shutdownOutput();
	}

	/**
	 * Sends close_notify once, if nothing the socket did not take waits before it;
	 * records held back (the session ticket) leave in front of it.
	 */
	private void sendCloseNotify() throws IOException {
		if (engine == null || engine.isOutboundDone() || writer.untaken() || phase != Phase.OPEN && !inboundDone) {
			return;
		}
		writer.closeOutbound();
	}

	@Override
	void close() {
		if (phase == Phase.OPEN) {
			try {
				sendCloseNotify();
			}
			catch (IOException | RuntimeException ignored) {
				// the peer may be gone already
			}
		}
		else if (phase != Phase.CLOSED && phase != Phase.REFUSED) {
			told(TlsFailure.CLOSED);
		}
		phase = Phase.CLOSED;
		pendingIn = null;
		writer.discard();
		super.close();
	}

}
