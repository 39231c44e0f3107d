package dev.webserv.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ServerEvents;
import dev.webserv.listener.Listener;
import dev.webserv.proxyprotocol.ProxyHeaderException;
import dev.webserv.proxyprotocol.ProxyPreface;
import dev.webserv.router.VirtualHosts;
import dev.webserv.tls.Certificates;
import dev.webserv.tls.ClientHello;
import dev.webserv.tls.Engines;
import dev.webserv.tls.HandshakeTasks;

/**
 * The handshake stage of a {@link TlsTransport}, from the first byte to Finished: the
 * PROXY protocol header first, in clear, on a listener that takes one (nginx's
 * {@code listen ... ssl proxy_protocol}; the handshake's deadline runs from its end), the
 * next bytes sniffed ({@link ClientHello}) until a whole ClientHello names its server
 * (SNI), the engine made with that server's certificate, driven as far as the bytes at
 * hand allow (its delegated tasks on the loop within a budget, else on the server's I/O
 * executor, through {@link HandshakeTasks}), and what it agreed once done. The transport
 * owns the phases and the failures; this class says where a step ended. Loop thread only,
 * but for the tasks.
 */
final class TlsHandshake {

	/** Where a {@link #step} ended. */
	enum Step {

		/** The PROXY header is malformed: the connection closes unanswered. */
		BAD_PROXY_HEADER,
		/** The first bytes are a plain HTTP request. */
		PLAIN_HTTP,
		/** The first bytes are neither TLS nor HTTP, or the ClientHello is too large. */
		NOT_TLS,
		/** No engine could be made (logged): the client is refused. */
		NO_ENGINE,
		/** The handshake is over: the connection is open. */
		DONE,
		/** It waits for input, for its tasks, or for the socket to take what it sent. */
		WAITING,
		/** The peer sent close_notify. */
		PEER_CLOSED,
		/** Too many handshakes wait for their tasks: this one is refused. */
		OVERLOADED

	}

	private final VirtualHosts hosts;

	private final Listener listener;

	private final TlsWriter writer;

	private final EventLoop loop;

	private final Executor io;

	private final Runnable tasksDone;

	/** null when the listener does not take the PROXY protocol */
	private final ProxyPreface preface;

	/** When the handshake began: the connection's opening, or the PROXY header's end. */
	private long startedAt;

	private SSLEngine engine;

	private String serverName;

	private long helloAt;

	private boolean tasksRunning;

	/** Whether the server's flight was written: the client may send on past it. */
	private boolean flightSent;

	/**
	 * @param hosts the virtual servers of the listener's address, whose certificates the
	 * SNI name chooses among
	 * @param preface the connection's PROXY header, read here before the ClientHello;
	 * null when the listener takes none
	 * @param tasksDone run on the loop once delegated tasks ran (or were dropped)
	 */
	TlsHandshake(VirtualHosts hosts, Listener listener, TlsWriter writer, EventLoop loop, Executor io,
			ProxyPreface preface, Runnable tasksDone) {
		this.hosts = hosts;
		this.listener = listener;
		this.writer = writer;
		this.loop = loop;
		this.io = io;
		this.preface = preface;
		this.tasksDone = tasksDone;
		this.startedAt = loop.now();
	}

	/** The engine, once the ClientHello made it; null before. */
	SSLEngine engine() {
		return engine;
	}

	/** Whether the PROXY header is still awaited: no handshake began yet. */
	boolean prefacePending() {
		return preface != null && !preface.complete();
	}

	/**
	 * Whether the handshake outlived {@code limitNanos}; never while the PROXY header is
	 * awaited (its own deadline applies).
	 */
	boolean overdue(long now, long limitNanos) {
		return !prefacePending() && now - startedAt > limitNanos;
	}

	/** Whether delegated tasks run now (reading pauses meanwhile). */
	boolean tasksRunning() {
		return tasksRunning;
	}

	/**
	 * Drives the handshake as far as it goes now, unwrapping from {@code net} (anything
	 * decrypted past its end goes to {@code dst}).
	 */
	Step step(ByteBuffer net, ByteBuffer dst) throws IOException {
		if (engine == null) {
			Step first = prefacePending() ? preface(net) : null;
			if (first == null) {
				first = hello(net);
			}
			if (first != null) {
				return first;
			}
		}
		boolean ranHere = false;
		while (true) {
			switch (engine.getHandshakeStatus()) {
				case NEED_TASK -> {
					if (ranHere || checksClientChain() || !HandshakeTasks.of(loop).runHere(engine)) {
						return startTasks() ? Step.WAITING : Step.OVERLOADED;
					}
					ranHere = true;
				}
				case NEED_WRAP -> {
					boolean sent = true;
					if (flightSent && net.hasRemaining()) {
						// the client sent on past its Finished (its request): what the
						// engine has now (the session ticket) can leave with the response
						writer.holdControl();
					}
					else {
						sent = writer.sendControl();
					}
					flightSent = true;
					if (!sent) {
						return Step.WAITING;
					}
				}
				case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
					SSLEngineResult result = engine.unwrap(net, dst);
					if (result.getStatus() == Status.CLOSED) {
						return Step.PEER_CLOSED;
					}
					if (result.getStatus() != Status.OK) {
						return Step.WAITING;
					}
				}
				default -> {
					return Step.DONE;
				}
			}
		}
	}

	/**
	 * Reads PROXY header bytes: null once it is complete ({@code net} then holds what
	 * came after it), else where the step ends.
	 */
	private Step preface(ByteBuffer net) {
		try {
			if (!preface.read(net)) {
				return Step.WAITING;
			}
		}
		catch (ProxyHeaderException e) {
			return Step.BAD_PROXY_HEADER;
		}
		startedAt = loop.now();
		return null;
	}

	/**
	 * Looks at the first bytes: a whole ClientHello makes the engine of the server its
	 * SNI names. Null once the engine is made, else where the step ends.
	 */
	private Step hello(ByteBuffer net) {
		if (helloAt == 0 && net.hasRemaining()) {
			helloAt = loop.now();
		}
		ClientHello.Sniffed sniffed = ClientHello.sniff(net);
		switch (sniffed.kind()) {
			case INCOMPLETE -> {
				return Step.WAITING;
			}
			case PLAIN_HTTP -> {
				return Step.PLAIN_HTTP;
			}
			case NOT_TLS, TOO_LARGE -> {
				return Step.NOT_TLS;
			}
			default -> {
			}
		}
		try {
			SSLEngine made = Engines.create(Certificates.forName(hosts, sniffed.serverName(), listener.address()));
			made.beginHandshake();
			writer.engine(made);
			engine = made;
			serverName = sniffed.serverName();
			return null;
		}
		catch (RuntimeException | SSLException e) {
			// a broken context (a supplier that threw)
			loop.failures().log("TLS engine for " + listener.name(), e);
			return Step.NO_ENGINE;
		}
	}

	/**
	 * Whether these tasks may check the client's certificate chain: past the server's
	 * flight, when one was asked for. The trust manager may check revocation over the
	 * network, so they never run on the loop.
	 */
	private boolean checksClientChain() {
		return flightSent && (engine.getNeedClientAuth() || engine.getWantClientAuth());
	}

	private boolean startTasks() {
		if (!HandshakeTasks.of(loop).submit(engine, io, loop, this::tasksFinished)) {
			return false;
		}
		tasksRunning = true;
		return true;
	}

	private void tasksFinished() {
		tasksRunning = false;
		tasksDone.run();
	}

	/** Whether the delegated tasks ran; false when they were dropped (overload). */
	boolean tasksRan() {
		return engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK;
	}

	/** What the finished handshake agreed, told to the events once here. */
	TlsInfo agreed(ServerEvents events, String listener) {
		SSLSession session = engine.getSession();
		events.tlsHandshake(listener, session.getProtocol(), session.getCipherSuite(), loop.refresh() - helloAt);
		return new TlsInfo(session.getProtocol(), session.getCipherSuite(), serverName, peerCertificates(session));
	}

	private List<X509Certificate> peerCertificates(SSLSession session) {
		if (!engine.getNeedClientAuth() && !engine.getWantClientAuth()) {
			// none was asked for: the JDK would throw (and fill a stack trace) to say so
			return List.of();
		}
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

}
