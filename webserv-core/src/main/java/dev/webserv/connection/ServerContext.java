package dev.webserv.connection;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webserv.config.ServerConfig;
import dev.webserv.events.ServerEvents;
import dev.webserv.writer.HeadEncoder;

/**
 * What every connection of one server shares: configuration, workers, events, counters.
 */
public final class ServerContext {

	private final ServerConfig config;

	private final ExecutorService workers;

	private final HeadEncoder encoder;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger requestsInFlight = new AtomicInteger();

	private final AtomicInteger handlersQueued = new AtomicInteger();

	private final AtomicInteger handlersRunning = new AtomicInteger();

	private final Runnable onConnectionClosed;

	private volatile boolean draining;

	public ServerContext(ServerConfig config, ExecutorService workers, Runnable onConnectionClosed) {
		this.config = config;
		this.workers = workers;
		this.encoder = new HeadEncoder(config.serverHeader());
		this.onConnectionClosed = onConnectionClosed;
	}

	public ServerConfig config() {
		return config;
	}

	public ServerEvents events() {
		return config.events();
	}

	public ExecutorService workers() {
		return workers;
	}

	/**
	 * Where the server's own blocking I/O runs (spill files, stream bodies, closing
	 * streams). Temporary: the workers, until the per-server runtime gives it an executor
	 * of its own.
	 */
	public java.util.concurrent.Executor io() {
		return workers;
	}

	public HeadEncoder encoder() {
		return encoder;
	}

	/** Reserves a connection slot under max-connections. */
	public boolean tryReserveConnection() {
		int max = config.limits().maxConnections();
		while (true) {
			int current = connections.get();
			if (current >= max) {
				return false;
			}
			if (connections.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void connectionClosed() {
		connections.decrementAndGet();
		onConnectionClosed.run();
	}

	public int connections() {
		return connections.get();
	}

	public int requestsInFlight() {
		return requestsInFlight.get();
	}

	void handlerQueued() {
		handlersQueued.incrementAndGet();
	}

	void handlerStarted() {
		handlersQueued.decrementAndGet();
		handlersRunning.incrementAndGet();
	}

	void handlerFinished() {
		handlersRunning.decrementAndGet();
	}

	/**
	 * Blocking handlers handed to the workers and not yet started: the worker queue
	 * depth.
	 */
	public int handlersQueued() {
		return handlersQueued.get();
	}

	/** Blocking handlers running on workers now. */
	public int handlersRunning() {
		return handlersRunning.get();
	}

	void requestStarted() {
		requestsInFlight.incrementAndGet();
	}

	void requestEnded() {
		requestsInFlight.decrementAndGet();
	}

	/** A graceful stop is under way: no keep-alive, idle connections close. */
	public boolean draining() {
		return draining;
	}

	public void startDraining() {
		draining = true;
	}

}
