package dev.webserv.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.Request;
import dev.webserv.access.Guards;
import dev.webserv.accesslog.AccessLogs;
import dev.webserv.cgi.CgiProcesses;
import dev.webserv.config.ServerConfig;
import dev.webserv.events.ServerEvents;
import dev.webserv.writer.HeadEncoder;

/**
 * Everything one running server owns besides its sockets: the worker executor for
 * blocking handlers, an executor of its own for the server's blocking I/O, the CGI
 * processes with their watchdog, the head encoder, and the counters the statistics are
 * read from. Built with the server (routes are compiled with it, so their file caches and
 * CGI handlers are this server's), its threads start with {@link #start(int)} and every
 * one of them ends with {@link #stop()}. Nothing here is shared with another server.
 *
 * <p>
 * Threads are named after the server's first port, as Tomcat's are, and their job:
 * {@code webserv-8080-loop-1}, {@code worker-}, {@code io-}, {@code cgi-watchdog-}.
 */
public final class ServerRuntime {

	private static final Logger LOG = Logger.getLogger(ServerRuntime.class.getName());

	/**
	 * How long stop() lets the server's own I/O tasks finish before interrupting them.
	 */
	private static final long IO_GRACE_MILLIS = 2000;

	private final ServerConfig config;

	private volatile String threadPrefix = "webserv-";

	private final HeadEncoder encoder;

	private final CgiProcesses cgi;

	private final Runnable onConnectionClosed;

	private final TemporaryFiles temporaryFiles = new TemporaryFiles();

	private final Guards guards;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicLong connectionSerial = new AtomicLong();

	private final AccessLogs accessLogs;

	private final ServerEvents events;

	private final AtomicInteger requestsInFlight = new AtomicInteger();

	private final AtomicInteger handlersQueued = new AtomicInteger();

	private final AtomicInteger handlersRunning = new AtomicInteger();

	private volatile ExecutorService workers;

	private volatile ExecutorService io;

	private volatile ScheduledThreadPoolExecutor watchdog;

	private volatile boolean draining;

	public ServerRuntime(ServerConfig config, Runnable onConnectionClosed) {
		this.config = config;
		this.encoder = new HeadEncoder(config.serverHeader());
		this.cgi = new CgiProcesses(config.limits().maxCgiProcesses(), config.timeouts().cgi(), this::io,
				() -> watchdog);
		this.onConnectionClosed = onConnectionClosed;
		this.guards = new Guards(config);
		this.accessLogs = AccessLogs.of(config);
		this.events = accessLogs == null ? config.events() : ServerEvents.of(config.events(), accessLogs);
	}

	/**
	 * Starts the executors.
	 * @param port the server's first bound port, which its thread names carry
	 */
	public synchronized void start(int port) {
		if (workers != null) {
			return;
		}
		threadPrefix = "webserv-" + port + "-";
		workers = config.workerExecutor() != null ? config.workerExecutor() : Workers.handlers(threadPrefix + "worker-",
				config.virtualThreads(), config.workerThreads(), config.limits().maxQueuedHandlers());
		io = config.ioExecutor() != null ? config.ioExecutor() : Workers.internal(threadPrefix + "io-");
		ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
				Workers.daemonThreads(threadPrefix + "cgi-watchdog-"));
		deadlines.setRemoveOnCancelPolicy(true);
		watchdog = deadlines;
		if (accessLogs != null) {
			accessLogs.start(threadPrefix);
		}
	}

	/**
	 * Ends every thread this server started: kills its CGI processes, interrupts its
	 * handlers, lets I/O tasks under way finish for a moment (a delete, a spill write),
	 * then interrupts them, and deletes the temporary files left. A worker executor given
	 * or an I/O executor given in the configuration is the caller's, left running.
	 */
	public synchronized void stop() {
		cgi.killAll();
		if (workers != null && config.workerExecutor() == null) {
			workers.shutdownNow();
		}
		if (io != null && config.ioExecutor() == null) {
			io.shutdown();
			awaitIo();
			io.shutdownNow();
		}
		if (watchdog != null) {
			watchdog.shutdownNow();
		}
		guards.stop();
		temporaryFiles.deleteAll();
		if (accessLogs != null) {
			accessLogs.stop();
		}
	}

	private void awaitIo() {
		try {
			io.awaitTermination(IO_GRACE_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** The prefix of every thread name of this server ("webserv-8080-") once started. */
	public String threadPrefix() {
		return threadPrefix;
	}

	public ServerConfig config() {
		return config;
	}

	/** The configured listener, plus the access logs when a virtual server has one. */
	public ServerEvents events() {
		return events;
	}

	/** The server's access logs, or null when no virtual server has one. */
	public AccessLogs accessLogs() {
		return accessLogs;
	}

	/** The next connection's serial number, from 1 (nginx's $connection). */
	public long nextConnectionSerial() {
		return connectionSerial.incrementAndGet();
	}

	/** The executor blocking handlers run on. */
	public ExecutorService workers() {
		return workers;
	}

	/**
	 * The executor for the server's own blocking work (body spills, stream bodies,
	 * deleting temporary files, CGI pipes): never queued behind handlers.
	 */
	public ExecutorService io() {
		return io;
	}

	/**
	 * The server's timer thread (CGI deadlines, limit_req delays): its tasks only hand
	 * work on.
	 */
	public ScheduledExecutorService timer() {
		return watchdog;
	}

	/** The temporary files this server made, deleted at stop at the latest. */
	public TemporaryFiles temporaryFiles() {
		return temporaryFiles;
	}

	public HeadEncoder encoder() {
		return encoder;
	}

	public CgiProcesses cgi() {
		return cgi;
	}

	/**
	 * A request is about to be handled: the request as its real client made it (behind
	 * trusted proxies), whose {@code limit_conn} slots are held until
	 * {@link #endRequest}.
	 */
	public Request beginRequest(Request request) {
		return guards.begin(request);
	}

	/** The exchange of a request {@link #beginRequest} returned is over. */
	public void endRequest(Request request) {
		guards.end(request);
	}

	/** A request never handled (refused first), as its real client made it. */
	public Request realClient(Request request) {
		return guards.resolve(request);
	}

	/**
	 * The trusted proxies, limit zones and user files this server's locations share.
	 */
	public Guards guards() {
		return guards;
	}

	/**
	 * Hands a blocking handler to the workers, counting it queued, then running.
	 * @return the handle to cancel it with (cancel(true) interrupts its thread)
	 * @throws RejectedExecutionException when {@code Limits.maxQueuedHandlers} handlers
	 * already wait, or the workers are shut down
	 */
	public Future<?> submitHandler(Runnable handler) {
		int max = config.limits().maxQueuedHandlers();
		if (handlersQueued.incrementAndGet() > max) {
			handlersQueued.decrementAndGet();
			throw new RejectedExecutionException(max + " handlers already wait for a worker");
		}
		HandlerTask task = new HandlerTask(handler);
		try {
			workers.execute(task);
		}
		catch (RuntimeException e) {
			handlersQueued.decrementAndGet();
			throw e;
		}
		return task;
	}

	/**
	 * A handler's run on a worker, counted queued until it starts, running until it ends;
	 * cancelled before it started, it leaves the queue and the count at once.
	 */
	private final class HandlerTask extends FutureTask<Void> {

		private final AtomicBoolean started = new AtomicBoolean();

		HandlerTask(Runnable handler) {
			super(handler, null);
		}

		@Override
		public void run() {
			if (!started.compareAndSet(false, true)) {
				return;
			}
			handlersQueued.decrementAndGet();
			handlersRunning.incrementAndGet();
			try {
				super.run();
			}
			finally {
				handlersRunning.decrementAndGet();
			}
		}

		@Override
		protected void done() {
			if (isCancelled() && started.compareAndSet(false, true)) {
				handlersQueued.decrementAndGet();
				if (workers instanceof ThreadPoolExecutor pool) {
					pool.remove(this);
				}
			}
		}

		@Override
		protected void setException(Throwable failure) {
			LOG.log(Level.SEVERE, "a handler task failed outside its handler", failure);
			super.setException(failure);
		}

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

	/**
	 * Takes a slot past max-connections for a connection that waits while another is
	 * reclaimed to make room: the count is one over until that one closes.
	 */
	public void reserveConnectionPastLimit() {
		connections.incrementAndGet();
	}

	public void connectionClosed() {
		connections.decrementAndGet();
		onConnectionClosed.run();
	}

	public int connections() {
		return connections.get();
	}

	public int requestsInFlight() {
		return requestsInFlight.get();
	}

	public void requestStarted() {
		requestsInFlight.incrementAndGet();
	}

	public void requestEnded() {
		requestsInFlight.decrementAndGet();
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

	/** A graceful stop is under way: no keep-alive, idle connections close. */
	public boolean draining() {
		return draining;
	}

	public void startDraining() {
		draining = true;
	}

}
