package dev.webserv.boot.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.util.unit.DataSize;

/**
 * The {@code webserv.*} tree. Every limit and timeout of the core server, the threads,
 * the shutdown mode, and the nginx-style servers with their locations. Defaults of the
 * limits and timeouts are the core's ({@code Limits.DEFAULTS},
 * {@code Timeouts.DEFAULTS}).
 */
@ConfigurationProperties("webserv")
public class WebservProperties {

	private static final dev.webserv.config.Limits CORE_LIMITS = dev.webserv.config.Limits.DEFAULTS;

	private static final dev.webserv.config.Timeouts CORE_TIMEOUTS = dev.webserv.config.Timeouts.DEFAULTS;

	/** Whether to enable webserv. */
	private boolean enabled = true;

	/** Number of event-loop threads; 0 means one per available processor. */
	private int ioThreads = 0;

	/**
	 * Number of threads of the bounded worker pool used for blocking handlers when
	 * virtual threads are off.
	 */
	private int workerThreads = 200;

	/**
	 * Whether blocking handlers run on virtual threads (Java 21+; ignored on older
	 * runtimes). Defaults to spring.threads.virtual.enabled.
	 */
	private Boolean virtualThreads;

	/**
	 * Value of the Server response header; empty sends none. Unset: server.server-header,
	 * else "webserv/<version>" (or "webserv" with server-tokens off).
	 */
	private String serverHeader;

	/**
	 * Whether the Server header and error pages show webserv's version (nginx's
	 * server_tokens); off, error pages name no server at all.
	 */
	private boolean serverTokens = true;

	/**
	 * Addresses and CIDR blocks of trusted proxies (nginx's set_real_ip_from): their
	 * X-Forwarded-For/-Proto/-Host/-Port and Forwarded headers set the client address,
	 * scheme and host every handler, CGI script, access rule, rate limit and the access
	 * log see. With server.forward-headers-strategy=native and none set: Boot's default
	 * internal proxies.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Shutdown mode: 'graceful' drains requests in flight, 'immediate' closes at once.
	 * Defaults to server.shutdown.
	 */
	private Shutdown shutdown;

	/**
	 * How long webserv keeps serving, readiness already OUT_OF_SERVICE, before it stops
	 * accepting and drains, so that a load balancer's health checks take the instance out
	 * first (Kubernetes' preStop sleep, built in). A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration shutdownDelay = Duration.ZERO;

	/** Size and count limits. */
	private final Limits limits = new Limits();

	/** Timeouts. */
	private final Timeouts timeouts = new Timeouts();

	/**
	 * Virtual servers, nginx's server blocks. Each element has: name, listen (list),
	 * server-names (list), root (a directory or classpath:/folder/), error-pages (status
	 * to URI), client-max-body-size and locations (list: path, exact, methods, root,
	 * index, autoindex, redirect.status, redirect.location, upload-dir, cgi,
	 * client-max-body-size, handler). With none, one server answers on
	 * server.address:server.port and serves classpath:/static/ when the application has
	 * it. A list is bound whole from one property source: webserv.servers[0].root on the
	 * command line replaces the list of application.yml.
	 */
	private List<VirtualServerProperties> servers = new ArrayList<>();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getIoThreads() {
		return ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public int getWorkerThreads() {
		return workerThreads;
	}

	public void setWorkerThreads(int workerThreads) {
		this.workerThreads = workerThreads;
	}

	public Boolean getVirtualThreads() {
		return virtualThreads;
	}

	public void setVirtualThreads(Boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	public String getServerHeader() {
		return serverHeader;
	}

	public void setServerHeader(String serverHeader) {
		this.serverHeader = serverHeader;
	}

	public boolean isServerTokens() {
		return serverTokens;
	}

	public void setServerTokens(boolean serverTokens) {
		this.serverTokens = serverTokens;
	}

	public List<String> getTrustedProxies() {
		return trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public Shutdown getShutdown() {
		return shutdown;
	}

	public void setShutdown(Shutdown shutdown) {
		this.shutdown = shutdown;
	}

	public Duration getShutdownDelay() {
		return shutdownDelay;
	}

	public void setShutdownDelay(Duration shutdownDelay) {
		this.shutdownDelay = shutdownDelay;
	}

	public Limits getLimits() {
		return limits;
	}

	public Timeouts getTimeouts() {
		return timeouts;
	}

	public List<VirtualServerProperties> getServers() {
		return servers;
	}

	public void setServers(List<VirtualServerProperties> servers) {
		this.servers = servers;
	}

	/**
	 * Size and count limits; crossing one gives a status (413, 414, 431) or a clean
	 * close.
	 */
	public static class Limits {

		/**
		 * Maximum number of open connections across all listeners; past it webserv stops
		 * accepting.
		 */
		private int maxConnections = CORE_LIMITS.maxConnections();

		/** Listen backlog of each listening socket. */
		private int backlog = CORE_LIMITS.backlog();

		/** Maximum size of the request line (414 past it). */
		private DataSize maxRequestLineLength = DataSize.ofBytes(CORE_LIMITS.maxRequestLineLength());

		/**
		 * Maximum size of the request header section (431 past it). Defaults to
		 * server.max-http-request-header-size.
		 */
		private DataSize maxHeaderSize;

		/** Maximum number of header fields in a request (431 past it). */
		private int maxHeaderCount = CORE_LIMITS.maxHeaderCount();

		/**
		 * Default maximum request body size, nginx's client_max_body_size (413 past it);
		 * 0 means no limit. Servers and locations may set their own.
		 */
		private DataSize maxBodySize = DataSize.ofBytes(CORE_LIMITS.maxBodySize());

		/**
		 * Maximum number of requests served on one connection before it closes; 0 means
		 * unlimited.
		 */
		private int maxRequestsPerConnection = CORE_LIMITS.maxRequestsPerConnection();

		/**
		 * Request bodies up to this size stay in memory; larger ones go to a temporary
		 * file.
		 */
		private DataSize bodyMemoryThreshold = DataSize.ofBytes(CORE_LIMITS.bodyMemoryThreshold());

		/** Maximum number of CGI processes running at once (503 past it). */
		private int maxCgiProcesses = CORE_LIMITS.maxCgiProcesses();

		/**
		 * Blocking handlers waiting for a worker thread; past it a request gets 503 with
		 * Retry-After. With virtual threads every handler starts at once and this does
		 * not apply.
		 */
		private int maxQueuedHandlers = CORE_LIMITS.maxQueuedHandlers();

		/**
		 * At max-connections, close idle keep-alive connections, then connections slowest
		 * at sending their first request head, to make room before refusing a new one
		 * with 503. A connection in the middle of a request is never closed. Off, webserv
		 * refuses at once.
		 */
		private boolean reclaimAtLimit = CORE_LIMITS.reclaimAtLimit();

		/**
		 * Connections from one client address that have not yet sent their first request
		 * head (503 past it); 0 means half of max-connections. Applies only with
		 * reclaim-at-limit, and not on PROXY-protocol listeners.
		 */
		private int maxFirstHeadsPerAddress = CORE_LIMITS.maxFirstHeadsPerAddress();

		public boolean isReclaimAtLimit() {
			return reclaimAtLimit;
		}

		public void setReclaimAtLimit(boolean reclaimAtLimit) {
			this.reclaimAtLimit = reclaimAtLimit;
		}

		public int getMaxFirstHeadsPerAddress() {
			return maxFirstHeadsPerAddress;
		}

		public void setMaxFirstHeadsPerAddress(int maxFirstHeadsPerAddress) {
			this.maxFirstHeadsPerAddress = maxFirstHeadsPerAddress;
		}

		public int getMaxConnections() {
			return maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getBacklog() {
			return backlog;
		}

		public void setBacklog(int backlog) {
			this.backlog = backlog;
		}

		public DataSize getMaxRequestLineLength() {
			return maxRequestLineLength;
		}

		public void setMaxRequestLineLength(DataSize maxRequestLineLength) {
			this.maxRequestLineLength = maxRequestLineLength;
		}

		public DataSize getMaxHeaderSize() {
			return maxHeaderSize;
		}

		public void setMaxHeaderSize(DataSize maxHeaderSize) {
			this.maxHeaderSize = maxHeaderSize;
		}

		public int getMaxHeaderCount() {
			return maxHeaderCount;
		}

		public void setMaxHeaderCount(int maxHeaderCount) {
			this.maxHeaderCount = maxHeaderCount;
		}

		public DataSize getMaxBodySize() {
			return maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public int getMaxRequestsPerConnection() {
			return maxRequestsPerConnection;
		}

		public void setMaxRequestsPerConnection(int maxRequestsPerConnection) {
			this.maxRequestsPerConnection = maxRequestsPerConnection;
		}

		public DataSize getBodyMemoryThreshold() {
			return bodyMemoryThreshold;
		}

		public void setBodyMemoryThreshold(DataSize bodyMemoryThreshold) {
			this.bodyMemoryThreshold = bodyMemoryThreshold;
		}

		public int getMaxCgiProcesses() {
			return maxCgiProcesses;
		}

		public void setMaxCgiProcesses(int maxCgiProcesses) {
			this.maxCgiProcesses = maxCgiProcesses;
		}

		public int getMaxQueuedHandlers() {
			return maxQueuedHandlers;
		}

		public void setMaxQueuedHandlers(int maxQueuedHandlers) {
			this.maxQueuedHandlers = maxQueuedHandlers;
		}

	}

	/**
	 * Timeouts; on expiry 408 where a request was under way, otherwise a quiet close. A
	 * bare number is in seconds ({@code header: 10} is 10s), as nginx users write them; a
	 * unit ({@code 500ms}, {@code 2m}) says otherwise.
	 */
	public static class Timeouts {

		/**
		 * Total time to receive a request head, from its first byte; trickling bytes do
		 * not extend it. A bare number is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration header = CORE_TIMEOUTS.header();

		/**
		 * Time a keep-alive connection may wait for its next request. A bare number is
		 * seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration idle = CORE_TIMEOUTS.idle();

		/**
		 * Longest pause between two reads of a request body. A bare number is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration body = CORE_TIMEOUTS.body();

		/**
		 * Average rate a request body must keep after its first second, per second; 0
		 * disables the check.
		 */
		private DataSize minBodyRate = DataSize.ofBytes(CORE_TIMEOUTS.minBodyRate());

		/**
		 * Longest time a response may make no progress towards the client. A bare number
		 * is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration write = CORE_TIMEOUTS.write();

		/**
		 * Average rate a client must read a response at after the first second, per
		 * second; 0 disables the check.
		 */
		private DataSize minWriteRate = DataSize.ofBytes(CORE_TIMEOUTS.minWriteRate());

		/**
		 * Time a handler may run before the client gets 503. A bare number is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration handler = CORE_TIMEOUTS.handler();

		/**
		 * Time a CGI script may run before it is killed and the client gets 504. A bare
		 * number is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration cgi = CORE_TIMEOUTS.cgi();

		/**
		 * Time a graceful shutdown waits for requests in flight. Defaults to
		 * spring.lifecycle.timeout-per-shutdown-phase. A bare number is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration shutdown;

		/**
		 * On a server with proxy-protocol, time for the PROXY protocol header to arrive
		 * from the connection's opening; then the connection is closed.
		 */
		private Duration proxyHeader = Duration.ofSeconds(5);

		/**
		 * On a TLS listener, time for the TLS handshake to finish, from the connection's
		 * opening (from the PROXY header's end on a proxy-protocol listener); then the
		 * connection is closed (a HANDSHAKE timeout). A bare number is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration handshake = CORE_TIMEOUTS.handshake();

		public Duration getHeader() {
			return header;
		}

		public void setHeader(Duration header) {
			this.header = header;
		}

		public Duration getIdle() {
			return idle;
		}

		public void setIdle(Duration idle) {
			this.idle = idle;
		}

		public Duration getBody() {
			return body;
		}

		public void setBody(Duration body) {
			this.body = body;
		}

		public DataSize getMinBodyRate() {
			return minBodyRate;
		}

		public void setMinBodyRate(DataSize minBodyRate) {
			this.minBodyRate = minBodyRate;
		}

		public Duration getWrite() {
			return write;
		}

		public void setWrite(Duration write) {
			this.write = write;
		}

		public DataSize getMinWriteRate() {
			return minWriteRate;
		}

		public void setMinWriteRate(DataSize minWriteRate) {
			this.minWriteRate = minWriteRate;
		}

		public Duration getHandler() {
			return handler;
		}

		public void setHandler(Duration handler) {
			this.handler = handler;
		}

		public Duration getCgi() {
			return cgi;
		}

		public void setCgi(Duration cgi) {
			this.cgi = cgi;
		}

		public Duration getShutdown() {
			return shutdown;
		}

		public void setShutdown(Duration shutdown) {
			this.shutdown = shutdown;
		}

		public Duration getProxyHeader() {
			return proxyHeader;
		}

		public void setProxyHeader(Duration proxyHeader) {
			this.proxyHeader = proxyHeader;
		}

		public Duration getHandshake() {
			return handshake;
		}

		public void setHandshake(Duration handshake) {
			this.handshake = handshake;
		}

	}

}
