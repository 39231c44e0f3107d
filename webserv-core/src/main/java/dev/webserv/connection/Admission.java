package dev.webserv.connection;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.listener.Acceptor;
import dev.webserv.listener.Listener;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;

/**
 * Lets accepted sockets in: takes a slot under max-connections, then deals each socket to
 * the next live event loop in turn, where it becomes a {@link Connection}. Runs on the
 * acceptor's loop.
 */
public final class Admission implements Acceptor.Connections {

	private final ServerRuntime runtime;

	private final Supplier<EventLoop[]> loops;

	private final Function<Listener, VirtualHosts> hosts;

	private final AtomicInteger nextLoop = new AtomicInteger();

	/**
	 * @param loops the server's event loops as they are now
	 * @param hosts the virtual servers each listener serves
	 */
	public Admission(ServerRuntime runtime, Supplier<EventLoop[]> loops, Function<Listener, VirtualHosts> hosts) {
		this.runtime = runtime;
		this.loops = loops;
		this.hosts = hosts;
	}

	@Override
	public boolean tryReserve() {
		return runtime.tryReserveConnection();
	}

	/** Deals the socket to the next live loop; never to one that died. */
	@Override
	public void open(SocketChannel channel, Listener listener) {
		EventLoop[] all = loops.get();
		for (int tried = 0; tried < all.length; tried++) {
			EventLoop loop = all[Math.floorMod(nextLoop.getAndIncrement(), all.length)];
			if (!loop.isAlive()) {
				continue;
			}
			try {
				VirtualHosts served = hosts.apply(listener);
				loop.execute(() -> Connection.open(runtime, loop, channel, listener, served));
				return;
			}
			catch (RejectedExecutionException e) {
				// it died just now: try the next one
			}
		}
		try {
			channel.close();
		}
		catch (IOException e) {
			// nothing more to do for a socket no loop can serve
		}
		runtime.connectionClosed();
	}

	@Override
	public void rejected(Listener listener) {
		runtime.config().events().connectionRejected(listener.name());
	}

}
