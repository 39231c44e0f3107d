package dev.webserv.connection;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.webserv.config.Limits;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.FailureLog;
import dev.webserv.events.ReclaimReason;
import dev.webserv.listener.Acceptor;
import dev.webserv.listener.Listener;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;

/**
 * Lets accepted sockets in: takes a slot under max-connections, counts the socket against
 * its address's cap of connections still reading a first head ({@link FirstHeads}), then
 * deals it to the next live event loop in turn, where it becomes a {@link Connection}. At
 * the limit, with {@code limits.reclaim-at-limit}, it has another connection closed to
 * make room first ({@link Reclaim}); only when none can be, the socket gets 503. The
 * acceptor calls it on its loop; the reclaim callbacks come from any loop.
 */
public final class Admission implements Acceptor.Connections {

	/**
	 * Sockets waiting at once for a connection to be reclaimed, each holding a slot past
	 * the limit; more are refused at once.
	 */
	static final int MAX_WAITING = 64;

	private final ServerRuntime runtime;

	private final Supplier<EventLoop[]> loops;

	private final Function<Listener, VirtualHosts> hosts;

	private final Limits limits;

	private final FirstHeads firstHeads;

	private final LimitEpisode episode;

	private final AtomicInteger nextLoop = new AtomicInteger();

	private final AtomicInteger waiting = new AtomicInteger();

	private final FailureLog failures = new FailureLog(Logger.getLogger(Admission.class.getName()));

	/**
	 * @param loops the server's event loops as they are now
	 * @param hosts the virtual servers each listener serves
	 */
	public Admission(ServerRuntime runtime, Supplier<EventLoop[]> loops, Function<Listener, VirtualHosts> hosts) {
		this.runtime = runtime;
		this.loops = loops;
		this.hosts = hosts;
		this.limits = runtime.config().limits();
		this.firstHeads = new FirstHeads(limits.firstHeadsPerAddress());
		this.episode = new LimitEpisode(limits.maxConnections());
	}

	@Override
	public boolean tryReserve() {
		if (!runtime.tryReserveConnection()) {
			return false;
		}
		episode.underLimit();
		return true;
	}

	/**
	 * Deals the socket to the next live loop; never to one that died. When every loop
	 * refuses it (dead, or its task queue full) the client gets 503 and a close.
	 */
	@Override
	public void open(SocketChannel channel, Listener listener) {
		Runnable firstHeadOver = firstHeads(channel, listener);
		if (firstHeadOver == null) {
			Acceptor.shed(channel);
			runtime.connectionClosed();
			runtime.config().events().connectionRejected(listener.name());
			return;
		}
		EventLoop[] all = loops.get();
		for (int tried = 0; tried < all.length; tried++) {
			EventLoop loop = all[Math.floorMod(nextLoop.getAndIncrement(), all.length)];
			if (!loop.isAlive()) {
				continue;
			}
			try {
				VirtualHosts served = hosts.apply(listener);
				loop.execute(() -> Connection.open(runtime, loop, channel, listener, served, firstHeadOver));
				return;
			}
			catch (RejectedExecutionException e) {
				// it died just now, or its task queue is full: try the next one
			}
		}
		// no loop can take it now: 503 and close, as past max-connections
		Acceptor.shed(channel);
		firstHeadOver.run();
		runtime.connectionClosed();
		runtime.config().events().connectionRejected(listener.name());
	}

	/**
	 * Past the limit: takes the socket to reclaim a connection for it, unless reclaiming
	 * is off, the server is draining, too many wait already, or its address is at its
	 * cap.
	 */
	@Override
	public boolean takeAtLimit(SocketChannel channel, Listener listener) {
		if (!limits.reclaimAtLimit() || runtime.draining()) {
			return false;
		}
		episode.atLimit();
		if (waiting.incrementAndGet() > MAX_WAITING) {
			waiting.decrementAndGet();
			return false;
		}
		Runnable firstHeadOver = firstHeads(channel, listener);
		if (firstHeadOver == null) {
			waiting.decrementAndGet();
			return false;
		}
		runtime.reserveConnectionPastLimit();
		new Reclaim(this, channel, listener, firstHeadOver, loops.get(), nextLoop.getAndIncrement()).begin();
		return true;
	}

	@Override
	public void rejected(Listener listener) {
		if (limits.reclaimAtLimit()) {
			episode.refused();
		}
		runtime.config().events().connectionRejected(listener.name());
	}

	/**
	 * The per-address count is part of the reclaim policy: off, nothing is counted, as
	 * before.
	 */
	private Runnable firstHeads(SocketChannel channel, Listener listener) {
		return !limits.reclaimAtLimit() || listener.address().proxyProtocol() ? FirstHeads.UNCOUNTED
				: firstHeads.enter(channel);
	}

	/** Whether reclaiming should give up: the server is draining or stopping. */
	boolean closing() {
		return runtime.draining();
	}

	/** A connection was reclaimed on {@code loop}: the socket takes its place there. */
	void reclaimed(ReclaimReason reason, EventLoop loop, SocketChannel channel, Listener listener,
			Runnable firstHeadOver) {
		waiting.decrementAndGet();
		episode.reclaimed(reason);
		Connection.open(runtime, loop, channel, listener, hosts.apply(listener), firstHeadOver);
	}

	/** Nothing could be reclaimed: 503, and the slot taken past the limit is released. */
	void refuse(SocketChannel channel, Listener listener, Runnable firstHeadOver) {
		waiting.decrementAndGet();
		Acceptor.shed(channel);
		firstHeadOver.run();
		runtime.connectionClosed();
		try {
			rejected(listener);
		}
		catch (RuntimeException e) {
			failures.log("ServerEvents.connectionRejected", e);
		}
	}

}
