package dev.webserv.listener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.FailureLog;

/**
 * Accepts connections on one listener and hands each to the next event loop in turn. Past
 * max-connections it still accepts and, unless its {@link Connections} takes the socket
 * to make room for it, answers 503 and closes at once, so clients learn quickly instead
 * of waiting in the backlog, and the loop never spins on a readable listen socket it
 * refuses to drain.
 *
 * <p>
 * Nothing that goes wrong with one socket closes the listener: a {@link Connections}
 * callback that throws (a server-events listener, say), an exception or an error short of
 * a fatal JVM one, costs that socket only. When {@code accept()} itself fails (no file
 * descriptor left: EMFILE or ENFILE, "Too many open files"), the pending connection stays
 * in the kernel's backlog and the listen socket stays readable, so retrying at once would
 * spin a core. The acceptor instead stops asking for OP_ACCEPT and re-arms after a
 * back-off, 100 ms doubling to 1 s while the failure lasts (as Tomcat and Netty do), logs
 * once per such episode, and resumes by itself.
 */
public final class Acceptor implements EventLoop.Member {

	/** Takes an accepted socket. */
	public interface Connections {

		/** Reserves a slot under max-connections; false when full. */
		boolean tryReserve();

		/** Serves the socket; called on the acceptor's loop, must hand over quickly. */
		void open(SocketChannel channel, Listener listener);

		/**
		 * Past max-connections: takes the socket to make room for it (it then answers it
		 * itself, served or refused), or returns false to have it refused now.
		 */
		default boolean takeAtLimit(SocketChannel channel, Listener listener) {
			return false;
		}

		/** The socket was refused (max-connections reached). */
		void rejected(Listener listener);

	}

	private static final Logger LOG = Logger.getLogger(Acceptor.class.getName());

	private static final int ACCEPTS_PER_WAKEUP = 128;

	static final long FIRST_BACKOFF_MILLIS = 100;

	static final long MAX_BACKOFF_MILLIS = 1000;

	private static final byte[] OVERLOADED = ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
			+ "Connection: close\r\nRetry-After: 1\r\n\r\n")
		.getBytes(StandardCharsets.US_ASCII);

	private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Listener listener;

	private final Connections connections;

	/** The back-off of the current accept-failure episode; 0 when accepting normally. */
	private long backoffMillis;

	private boolean callbackFailureLogged;

	/**
	 * When the last accept failure was logged: a descriptor freed for a moment ends the
	 * back-off but not the episode, so one is logged at most every 10 s.
	 */
	private long warnedAt = System.nanoTime() - WARN_INTERVAL_NANOS;

	public Acceptor(Listener listener, Connections connections) {
		this.listener = listener;
		this.connections = connections;
	}

	@Override
	public void ready(SelectionKey key) {
		for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
			SocketChannel channel;
			try {
				channel = listener.channel().accept();
			}
			catch (ClosedChannelException closed) {
				return; // the server is stopping
			}
			catch (IOException e) {
				pause(key, e);
				return;
			}
			if (channel == null) {
				return;
			}
			if (backoffMillis != 0) {
				log(Level.INFO, listener.name() + ": accepting connections again", null);
				backoffMillis = 0;
			}
			hand(channel);
		}
	}

	/**
	 * Hands the socket over, or sheds it. A callback that throws costs this socket only:
	 * if it was not handed over, it is closed here.
	 */
	private void hand(SocketChannel channel) {
		boolean owned = true;
		try {
			if (connections.tryReserve()) {
				connections.open(channel, listener);
				owned = false;
			}
			else if (connections.takeAtLimit(channel, listener)) {
				owned = false;
			}
			else {
				owned = false;
				shed(channel);
				connections.rejected(listener);
			}
		}
		catch (Throwable e) {
			// an Error too (a class that cannot load, out of descriptors): thrown on, the
			// loop would close this acceptor, and so the listener, for good
			if (owned) {
				closeQuietly(channel);
			}
			FailureLog.rethrowIfFatal(e);
			logCallbackFailure(e);
		}
	}

	/** Stops asking for OP_ACCEPT, and asks again after the back-off. */
	private void pause(SelectionKey key, IOException cause) {
		boolean first = backoffMillis == 0;
		backoffMillis = first ? FIRST_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
		try {
			key.interestOps(0);
		}
		catch (CancelledKeyException closed) {
			return;
		}
		// run by the JDK's delay thread itself: the common pool, the default, may be kept
		// busy by the application, and the listener would stay paused as long
		CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS, Runnable::run)
			.execute(() -> resume(key));
		long now = System.nanoTime();
		if (first && now - warnedAt >= WARN_INTERVAL_NANOS) {
			warnedAt = now;
			log(Level.WARNING, listener.name() + ": accept() failed (" + cause.getMessage()
					+ "); pausing accepts, retrying every " + FIRST_BACKOFF_MILLIS + "-" + MAX_BACKOFF_MILLIS + " ms",
					null);
		}
	}

	/**
	 * Logs, unless logging itself fails: out of descriptors, a first log line may need a
	 * file (the time-zone data) it cannot open.
	 */
	private static void log(Level level, String message, Throwable error) {
		try {
			LOG.log(level, message, error);
		}
		catch (RuntimeException | LinkageError e) {
			// nothing better to do with a log that cannot be written
		}
	}

	/**
	 * Runs on the JDK's delay thread: interest ops may be set from any thread, and it
	 * never blocks.
	 */
	private static void resume(SelectionKey key) {
		try {
			key.interestOps(SelectionKey.OP_ACCEPT);
			key.selector().wakeup();
		}
		catch (CancelledKeyException closed) {
			// the listener closed meanwhile
		}
	}

	private void logCallbackFailure(Throwable e) {
		if (!callbackFailureLogged) {
			callbackFailureLogged = true;
			log(Level.WARNING, listener.name() + ": handing over an accepted connection failed; the listener "
					+ "goes on (further failures are logged without a stack trace)", e);
		}
		else {
			log(Level.FINE, listener.name() + ": handing over an accepted connection failed: " + e, null);
		}
	}

	/** Answers 503 with Retry-After and closes: a refusal at the connection limit. */
	public static void shed(SocketChannel channel) {
		try (channel) {
			channel.configureBlocking(false);
			channel.write(ByteBuffer.wrap(OVERLOADED));
		}
		catch (IOException ignored) {
			// the client went away first
		}
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing more to release
		}
	}

	@Override
	public void close() {
		listener.close();
	}

}
