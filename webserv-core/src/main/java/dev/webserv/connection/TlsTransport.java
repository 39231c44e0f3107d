package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.webserv.TlsInfo;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TlsFailure;
import dev.webserv.listener.Listener;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;
import dev.webserv.tls.Certificates;
import dev.webserv.tls.ClientHello;
import dev.webserv.tls.Engines;
import dev.webserv.tls.HandshakeTasks;
import dev.webserv.tls.TlsBuffers;
import dev.webserv.tls.TlsFailures;
import dev.webserv.writer.Output;
import dev.webserv.writer.Output.Progress;

/**
 * TLS under a connection, on an {@link SSLEngine}:
 *
 * <pre>
 *  HELLO --ClientHello whole: SNI picks the server--> HANDSHAKE --finished--> OPEN
 *    |  plain HTTP: nginx's 400, FIN --> REFUSED (input drained until EOF or the deadline)
 *    |  not TLS, too large, alert, EOF, deadline ---------------------------------> CLOSED
 * </pre>
 *
 * Encrypted input is read into the loop's shared buffer and decrypted straight into the
 * connection's read buffer; only a partial record is kept per connection. Output is
 * encrypted into the loop's shared buffer and written; only what the socket did not take
 * is kept. Delegated tasks run on the server's I/O executor ({@link HandshakeTasks});
 * reading pauses meanwhile, and the connection's read path is woken when they are done.
 * close_notify is sent on every orderly close and answered when received; a TLS 1.2
 * renegotiation closes the connection. The handshake must end within the header timeout
 * (nginx's client_header_timeout covers it too). Loop thread only.
 */
final class TlsTransport extends Transport {

	private enum Phase {

		HELLO, HANDSHAKE, OPEN, REFUSED, CLOSED

	}

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final Listener listenerSocket;

	private final ServerRuntime server;

	private final EventLoop loop;

	private final VirtualHosts hosts;

	private final Runnable wake;

	private final TlsBuffers buffers;

	private final TlsWriter writer;

	private final long openedAt = System.nanoTime();

	private final long deadlineNanos;

	private Phase phase = Phase.HELLO;

	private SSLEngine engine;

	private String serverName;

	private long helloAt;

	private TlsInfo info;

	/** Encrypted input not decrypted yet: a partial record (read mode), or null. */
	private ByteBuffer pendingIn;

	private boolean tasksRunning;

	private boolean inboundDone;

	private boolean failureTold;

	private IOException failure;

	private int requestedOps = SelectionKey.OP_READ;

	TlsTransport(SocketChannel channel, Listener listener, ServerEvents events, ServerRuntime server, EventLoop loop,
			VirtualHosts hosts, Runnable wake) {
		super(channel, listener.name(), events);
		this.listenerSocket = listener;
		this.server = server;
		this.loop = loop;
		this.hosts = hosts;
		this.wake = wake;
		this.buffers = TlsBuffers.of(loop);
		this.writer = new TlsWriter(this, buffers, this::applyInterest);
		this.deadlineNanos = server.config().timeouts().header().toNanos();
	}

	@Override
	TlsInfo tls() {
		return info;
	}

	@Override
	boolean handshakeExpired(long now) {
		if (phase == Phase.OPEN || phase == Phase.CLOSED || now - openedAt <= deadlineNanos) {
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
		if (tasksRunning) {
			return 0;
		}
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
		int read = net.hasRemaining() ? readSocket(net) : 0;
		net.flip();
		try {
			return process(net, dst, read < 0);
		}
		catch (SSLException e) {
			throw failed(TlsFailures.of(e), e);
		}
		finally {
			if (net.hasRemaining() && phase != Phase.CLOSED && phase != Phase.REFUSED) {
				pendingIn = ByteBuffer.allocate(net.remaining()).put(net).flip();
			}
		}
	}

	private int process(ByteBuffer net, ByteBuffer dst, boolean eof) throws IOException {
		if (phase == Phase.HELLO && !hello(net)) {
			return eof ? endOfStream() : 0;
		}
		int produced = 0;
		while (phase != Phase.CLOSED) {
			if (phase == Phase.HANDSHAKE && !handshake(net, dst)) {
				break;
			}
			if (!net.hasRemaining()) {
				break;
			}
			SSLEngineResult result = engine.unwrap(net, dst);
			produced += result.bytesProduced();
			if (result.getStatus() == Status.CLOSED) {
				closeNotifyReceived();
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
	 * Looks at the first bytes: a whole ClientHello makes the engine of the server its
	 * SNI names. False while more is needed, or when the connection is refused.
	 */
	private boolean hello(ByteBuffer net) throws IOException {
		if (helloAt == 0 && net.hasRemaining()) {
			helloAt = System.nanoTime();
		}
		ClientHello.Sniffed sniffed = ClientHello.sniff(net);
		switch (sniffed.kind()) {
			case INCOMPLETE -> {
				return false;
			}
			case PLAIN_HTTP -> {
				refusePlainHttp(net);
				return false;
			}
			case NOT_TLS, TOO_LARGE -> throw failed(TlsFailure.NOT_TLS, null);
			default -> {
			}
		}
		serverName = sniffed.serverName();
		VirtualServer chosen = hosts.select(serverName).server();
		Tls tls = Certificates.of(chosen, listenerSocket.address());
		if (tls == null) {
			tls = Certificates.of(hosts.servers().get(0).server(), listenerSocket.address());
		}
		try {
			engine = Engines.create(tls);
			engine.beginHandshake();
			writer.engine(engine);
		}
		catch (RuntimeException | SSLException e) {
			// a broken context (a supplier that threw): logged, the client refused
			loop.failures().log("TLS engine for " + listener, e);
			told(TlsFailure.HANDSHAKE);
			phase = Phase.CLOSED;
			throw new IOException("no TLS engine", e);
		}
		phase = Phase.HANDSHAKE;
		return true;
	}

	/**
	 * Drives the handshake as far as it goes now; true once it is over (the connection
	 * open), false while it waits for input, a task or the socket.
	 */
	private boolean handshake(ByteBuffer net, ByteBuffer dst) throws IOException {
		while (true) {
			switch (engine.getHandshakeStatus()) {
				case NEED_TASK -> {
					startTasks();
					return false;
				}
				case NEED_WRAP -> {
					if (!wrapHandshake()) {
						return false;
					}
				}
				case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
					SSLEngineResult result = engine.unwrap(net, dst);
					if (result.getStatus() == Status.CLOSED) {
						closeNotifyReceived();
						return false;
					}
					if (result.getStatus() != Status.OK) {
						return false;
					}
				}
				default -> {
					handshakeDone();
					return true;
				}
			}
		}
	}

	private boolean wrapHandshake() throws IOException {
		ByteBuffer out = buffers.netOut();
		do {
			SSLEngineResult result = engine.wrap(EMPTY, out);
			if (result.getStatus() != Status.OK || result.bytesProduced() == 0) {
				break;
			}
		}
		while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
		out.flip();
		return writer.send(out);
	}

	private void handshakeDone() {
		if (phase == Phase.HANDSHAKE && info == null) {
			SSLSession session = engine.getSession();
			info = new TlsInfo(session.getProtocol(), session.getCipherSuite(), serverName, peerCertificates(session));
			events.tlsHandshake(listener, session.getProtocol(), session.getCipherSuite(), System.nanoTime() - helloAt);
		}
		phase = Phase.OPEN;
	}

	private static List<X509Certificate> peerCertificates(SSLSession session) {
		try {
			List<X509Certificate> chain = new ArrayList<>();
			for (Certificate certificate : session.getPeerCertificates()) {
				if (certificate instanceof X509Certificate x509) {
					chain.add(x509);
				}
			}
			return chain;
		}
		catch (SSLPeerUnverifiedException none) {
			return List.of();
		}
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

	private void startTasks() throws IOException {
		if (!HandshakeTasks.of(loop).submit(engine, server.io(), loop, this::tasksDone)) {
			throw failed(TlsFailure.OVERLOADED, null);
		}
		tasksRunning = true;
		applyInterest();
	}

	/** On the loop: the tasks ran (or were dropped); the read path takes over again. */
	private void tasksDone() {
		if (phase == Phase.CLOSED) {
			return;
		}
		tasksRunning = false;
		if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
			failure = failed(TlsFailure.OVERLOADED, null);
		}
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
		channel.shutdownOutput();
	}

	/** After the refusal: reads and drops input until the client closes. */
	private int discard() throws IOException {
		ByteBuffer scratch = buffers.netIn();
		int read;
		while ((read = readSocket(scratch)) > 0) {
			scratch.clear();
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
				engine.closeOutbound();
				ByteBuffer out = buffers.netOut();
				engine.wrap(EMPTY, out);
				out.flip();
				writer.send(out);
			}
			catch (IOException | RuntimeException ignored) {
				// the alert is a courtesy
			}
		}
		phase = Phase.CLOSED;
		return cause != null ? cause : new IOException("TLS: " + reason.tag());
	}

	private void told(TlsFailure reason) {
		if (!failureTold) {
			failureTold = true;
			events.tlsHandshakeFailed(listener, reason);
		}
	}

	@Override
	Progress flush(Output output) throws IOException {
		if (phase == Phase.CLOSED || phase == Phase.REFUSED) {
			return Progress.DONE;
		}
		if (!writer.drain()) {
			return Progress.BLOCKED;
		}
		if (phase != Phase.OPEN) {
			if (phase == Phase.HANDSHAKE && !tasksRunning) {
				try {
					handshake(EMPTY, EMPTY);
				}
				catch (SSLException e) {
					throw failed(TlsFailures.of(e), e);
				}
				if (pendingIn != null || phase == Phase.OPEN) {
					loop.execute(wake);
				}
			}
			return writer.pending() ? Progress.BLOCKED : Progress.DONE;
		}
		Progress progress = output.flush(writer);
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
		if (tasksRunning) {
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

	/** Sends close_notify once, if nothing else waits to be sent before it. */
	private void sendCloseNotify() throws IOException {
		if (engine == null || engine.isOutboundDone() || writer.pending() || phase != Phase.OPEN && !inboundDone) {
			return;
		}
		engine.closeOutbound();
		ByteBuffer out = buffers.netOut();
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
		writer.send(out);
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
