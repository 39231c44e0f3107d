package dev.webserv.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import dev.webserv.events.ServerEvents;

/**
 * Everything a server needs, built once and never changed: listeners come from the
 * virtual servers.
 *
 * @param ioThreads event-loop threads; 0 means one per available processor
 * @param workerThreads threads of the bounded worker pool used when virtual threads are
 * off or missing
 * @param virtualThreads run blocking handlers on virtual threads when the runtime has
 * them (Java 21+)
 * @param workerExecutor an executor for blocking handlers supplied by the caller, or null
 * for the default
 * @param serverHeader the Server header value; null or empty sends none
 * @param limits size and count limits
 * @param timeouts timeouts
 * @param servers the virtual servers, each named (an unnamed one after its index); two
 * with one name fail
 * @param events the listener told about connections, requests and errors
 * @param serverTokens nginx's server_tokens: whether the Server header (unless given) and
 * error pages show webserv's version; off, Server says "webserv" and error pages name
 * nothing
 * @param trustedProxies nginx's set_real_ip_from: addresses and CIDR blocks whose
 * X-Forwarded-For, X-Forwarded-Proto/Host/Port and Forwarded headers are believed
 * @param ioExecutor an executor for the server's own blocking I/O (body spills, stream
 * bodies, temporary-file deletes, CGI pipes) supplied by the caller, or null for the
 * default: never the handlers' executor, so slow handlers cannot stall I/O
 */
public record ServerConfig(int ioThreads, int workerThreads, boolean virtualThreads, ExecutorService workerExecutor,
		String serverHeader, Limits limits, Timeouts timeouts, List<VirtualServer> servers, ServerEvents events,
		boolean serverTokens, List<String> trustedProxies, ExecutorService ioExecutor) {

	public ServerConfig {
		if (ioThreads < 0) {
			throw new IllegalArgumentException("io-threads must not be negative: " + ioThreads);
		}
		if (workerThreads <= 0) {
			throw new IllegalArgumentException("worker-threads must be positive: " + workerThreads);
		}
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("at least one server is needed");
		}
		servers = named(servers, serverTokens);
		ConfigChecks.check(servers);
		trustedProxies = List.copyOf(trustedProxies);
		for (String block : trustedProxies) {
			try {
				Cidr.parse(block);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("trusted-proxies: " + e.getMessage(), e);
			}
		}
		if (events == null) {
			events = ServerEvents.NONE;
		}
	}

	private static List<VirtualServer> named(List<VirtualServer> servers, boolean serverTokens) {
		List<VirtualServer> named = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < servers.size(); i++) {
			VirtualServer server = servers.get(i);
			if (server.name() == null) {
				server = server.withName(String.valueOf(i));
			}
			if (!names.add(server.name())) {
				throw new IllegalArgumentException("two servers are named '" + server.name() + "'");
			}
			named.add(server.withServerTokens(serverTokens));
		}
		return List.copyOf(named);
	}

	/** The server of this name, or null. */
	public VirtualServer server(String name) {
		for (VirtualServer server : servers) {
			if (server.name().equals(name)) {
				return server;
			}
		}
		return null;
	}

	/** The number of event loops this configuration asks for. */
	public int eventLoops() {
		return ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Builds a {@link ServerConfig}. */
	public static final class Builder {

		private int ioThreads;

		private int workerThreads = 200;

		private boolean virtualThreads = true;

		private ExecutorService workerExecutor;

		private ExecutorService ioExecutor;

		private String serverHeader;

		private boolean serverHeaderSet;

		private boolean serverTokens = true;

		private final List<String> trustedProxies = new ArrayList<>();

		private Limits limits = Limits.DEFAULTS;

		private Timeouts timeouts = Timeouts.DEFAULTS;

		private final List<VirtualServer> servers = new ArrayList<>();

		private ServerEvents events = ServerEvents.NONE;

		private Builder() {
		}

		public Builder ioThreads(int ioThreads) {
			this.ioThreads = ioThreads;
			return this;
		}

		public Builder workerThreads(int workerThreads) {
			this.workerThreads = workerThreads;
			return this;
		}

		public Builder virtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
			return this;
		}

		public Builder workerExecutor(ExecutorService workerExecutor) {
			this.workerExecutor = workerExecutor;
			return this;
		}

		/** The executor for the server's own blocking I/O; the caller's to stop. */
		public Builder ioExecutor(ExecutorService ioExecutor) {
			this.ioExecutor = ioExecutor;
			return this;
		}

		/**
		 * The Server header exactly (null or empty: none); unset, it is "webserv/version"
		 * with server tokens on, "webserv" with them off.
		 */
		public Builder serverHeader(String serverHeader) {
			this.serverHeader = serverHeader;
			this.serverHeaderSet = true;
			return this;
		}

		/** nginx's server_tokens (on by default). */
		public Builder serverTokens(boolean serverTokens) {
			this.serverTokens = serverTokens;
			return this;
		}

		/** nginx's set_real_ip_from: "10.0.0.0/8", "::1". */
		public Builder trustedProxies(String... blocks) {
			trustedProxies.addAll(List.of(blocks));
			return this;
		}

		public Builder trustedProxies(List<String> blocks) {
			trustedProxies.addAll(blocks);
			return this;
		}

		public Builder limits(Limits limits) {
			this.limits = limits;
			return this;
		}

		public Builder timeouts(Timeouts timeouts) {
			this.timeouts = timeouts;
			return this;
		}

		public Builder server(VirtualServer server) {
			servers.add(server);
			return this;
		}

		public Builder events(ServerEvents events) {
			this.events = events;
			return this;
		}

		public ServerConfig build() {
			String header = serverHeaderSet ? serverHeader : ServerTokens.signature(serverTokens);
			return new ServerConfig(ioThreads, workerThreads, virtualThreads, workerExecutor, header, limits, timeouts,
					servers, events, serverTokens, trustedProxies, ioExecutor);
		}

	}
}
