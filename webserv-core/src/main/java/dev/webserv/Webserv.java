package dev.webserv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.connection.Admission;
import dev.webserv.connection.Connection;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.handler.InternalRedirects;
import dev.webserv.handler.LocationHandler;
import dev.webserv.listener.Acceptor;
import dev.webserv.listener.Listener;
import dev.webserv.router.ServerRoutes;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;

/**
 * The server: binds every listen address of its virtual servers, runs the event loops,
 * and stops either at once or gracefully. Build it from a {@link ServerConfig}; no Spring
 * needed.
 *
 * <pre>
 * Webserv server = new Webserv(ServerConfig.builder()
 *     .server(VirtualServer.builder().listen("127.0.0.1:8080")
 *         .route("GET", "/hello", Handler.nonBlocking(request -&gt; Response.ok("Hello, World!")))
 *         .build())
 *     .build());
 * server.start();
 * </pre>
 */
public final class Webserv implements AutoCloseable {

	private static final Logger LOG = Logger.getLogger(Webserv.class.getName());

	/** Where a server is in its life. */
	public enum State {

		NEW, RUNNING, DRAINING, STOPPED,

		/**
		 * An event loop died of a fatal error (such as OutOfMemoryError): the server no
		 * longer serves all it should; health reports DOWN. {@link Webserv#stop()} still
		 * releases everything.
		 */
		FAILED

	}

	private final ServerConfig config;

	private final Map<ListenKey, VirtualHosts> hostsByAddress;

	/** The virtual servers each open listener serves. */
	private final Map<Listener, VirtualHosts> hostsByListener = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new ArrayList<>();

	private final Map<ListenKey, Listener> listenersByKey = new LinkedHashMap<>();

	private final CompletableFuture<Boolean> drained = new CompletableFuture<>();

	private volatile EventLoop[] loops = new EventLoop[0];

	private final ServerRuntime runtime;

	private volatile State state = State.NEW;

	/**
	 * Validates the configuration and compiles routes with the server's runtime; binds
	 * nothing and starts no thread yet.
	 */
	public Webserv(ServerConfig config) {
		this.config = config;
		this.runtime = new ServerRuntime(config, this::connectionClosed);
		this.hostsByAddress = compileHosts(config, runtime);
	}

	/**
	 * Which listener an address of a server gets. Servers listing the same address share
	 * its listener (virtual hosts, chosen by Host); an ephemeral address ("host:0") is
	 * each server's own, so two servers asking for port 0 get two ports, as Boot's
	 * server.port=0 and management.server.port=0 do.
	 */
	private record ListenKey(ListenAddress address, int ephemeralOwner) {

		static ListenKey of(ListenAddress address, int serverIndex) {
			return new ListenKey(address, address.port() == 0 ? serverIndex : -1).plain();
		}

		/** Keys compare addresses without their parameters (proxy_protocol, ssl). */
		ListenKey plain() {
			return new ListenKey(address.bare(), ephemeralOwner);
		}
	}

	private static Map<ListenKey, VirtualHosts> compileHosts(ServerConfig config, ServerRuntime runtime) {
		Map<ListenKey, List<ServerRoutes>> byAddress = new LinkedHashMap<>();
		Map<ListenKey, ListenAddress> declared = new LinkedHashMap<>();
		List<VirtualServer> servers = config.servers();
		for (int i = 0; i < servers.size(); i++) {
			ServerRoutes routes = compile(servers.get(i), config, runtime);
			for (ListenAddress address : servers.get(i).listen()) {
				ListenKey key = ListenKey.of(address, i);
				ListenAddress first = declared.putIfAbsent(key, address);
				if (first != null
						&& (first.proxyProtocol() != address.proxyProtocol() || first.ssl() != address.ssl())) {
					throw new IllegalArgumentException(address + ": servers sharing a listen address must agree on "
							+ "proxy-protocol and ssl (server '" + servers.get(i).name()
							+ "' differs from the one before)");
				}
				if (first == null && address.ssl() && address.tls() == null) {
					throw new IllegalArgumentException(address + " ssl: its default server '" + servers.get(i).name()
							+ "' has no certificate (tls)");
				}
				byAddress.computeIfAbsent(key, k -> new ArrayList<>()).add(routes);
			}
		}
		Map<ListenKey, VirtualHosts> hosts = new LinkedHashMap<>();
		byAddress.forEach((key, routes) -> hosts.put(new ListenKey(declared.get(key), key.ephemeralOwner()),
				new VirtualHosts(routes)));
		return hosts;
	}

	/**
	 * Compiles one virtual server; its CGI local redirects are routed through the very
	 * routes compiled here.
	 */
	private static ServerRoutes compile(VirtualServer declared, ServerConfig config, ServerRuntime runtime) {
		VirtualServer server = runtime.guards().guardRoutes(declared);
		AtomicReference<ServerRoutes> compiled = new AtomicReference<>();
		InternalRedirects redirects = new InternalRedirects(compiled::get);
		ServerRoutes routes = new ServerRoutes(server, config,
				location -> new LocationHandler(server, location, runtime, redirects));
		compiled.set(routes);
		return routes;
	}

	/**
	 * Binds every address, then starts serving. If any address cannot be bound, nothing
	 * stays open and the exception names the address ("127.0.0.1:8080 is already in
	 * use").
	 */
	public synchronized void start() throws IOException {
		if (state != State.NEW) {
			return;
		}
		for (Map.Entry<ListenKey, VirtualHosts> entry : hostsByAddress.entrySet()) {
			try {
				Listener listener = Listener.open(entry.getKey().address(), config.limits().backlog());
				hostsByListener.put(listener, entry.getValue());
				listeners.add(listener);
				listenersByKey.put(entry.getKey().plain(), listener);
			}
			catch (IOException e) {
				listeners.forEach(Listener::close);
				listeners.clear();
				listenersByKey.clear();
				throw e;
			}
		}
		runtime.start(listeners.get(0).port());
		loops = new EventLoop[config.eventLoops()];
		for (int i = 0; i < loops.length; i++) {
			String name = loopName(i);
			EventLoop loop = new EventLoop(name, config.timeouts().sweepInterval());
			loop.whenDead(cause -> loopDied(name, cause));
			loops[i] = loop;
			loop.start();
		}
		CompletableFuture<Void> registered = new CompletableFuture<>();
		Admission admission = new Admission(runtime, () -> loops, hostsByListener::get);
		loops[0].execute(() -> {
			try {
				for (Listener listener : listeners) {
					loops[0].registerUntimed(listener.channel(), SelectionKey.OP_ACCEPT,
							new Acceptor(listener, admission));
				}
				registered.complete(null);
			}
			catch (IOException | RuntimeException e) {
				registered.completeExceptionally(e);
			}
		});
		awaitRegistration(registered);
		state = State.RUNNING;
	}

	private void awaitRegistration(CompletableFuture<Void> registered) throws IOException {
		try {
			registered.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException e) {
			stop();
			if (e instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IOException("listeners could not be registered", e);
		}
	}

	/** A loop died anyway (a JVM error escaped it): the server has failed. */
	private void loopDied(String loop, Throwable cause) {
		LOG.log(Level.SEVERE, loop + " died; webserv no longer serves its connections and reports FAILED", cause);
		if (state == State.RUNNING || state == State.DRAINING) {
			state = State.FAILED;
		}
	}

	private void connectionClosed() {
		if (state == State.DRAINING && runtime.connections() == 0) {
			drained.complete(true);
		}
	}

	/**
	 * Stops gracefully: closes the listeners, closes idle connections, lets requests in
	 * flight finish (their responses say Connection: close), and completes with true once
	 * no connection is left, or with false when the shutdown timeout passes first. Call
	 * {@link #stop()} afterwards to release everything.
	 */
	public synchronized CompletableFuture<Boolean> shutdownGracefully() {
		if (state != State.RUNNING) {
			if (state != State.DRAINING) {
				drained.complete(true);
			}
			return drained;
		}
		state = State.DRAINING;
		runtime.startDraining();
		if (loops[0].isAlive()) {
			loops[0].executeControl(() -> listeners.forEach(Listener::close));
		}
		else {
			listeners.forEach(Listener::close);
		}
		for (EventLoop loop : loops) {
			loop.forEachMember(member -> {
				if (member instanceof Connection connection) {
					connection.drain();
				}
			});
		}
		if (runtime.connections() == 0) {
			drained.complete(true);
		}
		return drained.completeOnTimeout(false, config.timeouts().shutdown().toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops at once: closes listeners and every connection, ends the event loops, the
	 * workers (interrupting handlers still running), the internal I/O threads and the CGI
	 * scripts still running. Idempotent.
	 */
	public synchronized void stop() {
		if (state == State.STOPPED) {
			return;
		}
		// counted before anything is closed: connections cut here were not drained
		boolean nothingCut = state == State.NEW || runtime.connections() == 0;
		state = State.STOPPED;
		listeners.forEach(Listener::close);
		for (EventLoop loop : loops) {
			loop.stop(5000);
		}
		runtime.stop();
		drained.complete(nothingCut);
	}

	@Override
	public void close() {
		stop();
	}

	public State state() {
		return state;
	}

	public ServerConfig config() {
		return config;
	}

	/** The port of the first listener (useful with port 0); -1 before start. */
	public int port() {
		return listeners.isEmpty() ? -1 : listeners.get(0).port();
	}

	/** The bound port of the first listener for a configured address; -1 if not bound. */
	public int port(ListenAddress address) {
		for (Listener listener : listeners) {
			if (listener.address().bare().equals(address.bare())) {
				return listener.port();
			}
		}
		return -1;
	}

	/**
	 * The bound ports of the server of this name, in its listen order; empty before
	 * start.
	 * @throws IllegalArgumentException when no server has the name
	 */
	public List<Integer> ports(String serverName) {
		List<VirtualServer> servers = config.servers();
		for (int i = 0; i < servers.size(); i++) {
			if (servers.get(i).name().equals(serverName)) {
				List<Integer> ports = new ArrayList<>();
				for (ListenAddress address : servers.get(i).listen()) {
					Listener listener = listenersByKey.get(ListenKey.of(address, i));
					if (listener != null) {
						ports.add(listener.port());
					}
				}
				return ports;
			}
		}
		throw new IllegalArgumentException("no server is named '" + serverName + "'");
	}

	/** Every bound address, in configuration order. */
	public List<InetSocketAddress> boundAddresses() {
		return listeners.stream().map(Listener::boundAddress).toList();
	}

	/** Listener names ("127.0.0.1:8080") with whether each is still open. */
	public Map<String, Boolean> listenerStates() {
		Map<String, Boolean> states = new LinkedHashMap<>();
		listeners.forEach(listener -> states.put(listener.name(), listener.channel().isOpen()));
		return states;
	}

	/**
	 * The figures of this moment: connections, requests, workers, CGI processes, event
	 * loops.
	 */
	public ServerStatistics statistics() {
		EventLoop[] running = loops;
		List<ServerStatistics.Loop> figures = new ArrayList<>(running.length);
		for (int i = 0; i < running.length; i++) {
			figures.add(new ServerStatistics.Loop(loopName(i), running[i].keysPerWakeup()));
		}
		return new ServerStatistics(runtime.connections(), runtime.requestsInFlight(), runtime.handlersQueued(),
				runtime.handlersRunning(), runtime.cgi().running(), figures);
	}

	/**
	 * Access log lines lost so far because the queue was full (a stalled or slow
	 * destination) or a write failed; 0 without an access log.
	 */
	public long accessLogDroppedLines() {
		return runtime.accessLogs() == null ? 0 : runtime.accessLogs().droppedLines();
	}

	/**
	 * Closes and reopens the access log files (what nginx does on USR1, for logrotate). A
	 * renamed or deleted file is also noticed by itself within a second.
	 */
	public void reopenAccessLogs() {
		if (runtime.accessLogs() != null) {
			runtime.accessLogs().reopen();
		}
	}

	private String loopName(int index) {
		return runtime.threadPrefix() + "loop-" + (index + 1);
	}

	/**
	 * The prefix of every thread this server starts, named after its first port
	 * ("webserv-8080-").
	 */
	public String threadNamePrefix() {
		return runtime.threadPrefix();
	}

}
