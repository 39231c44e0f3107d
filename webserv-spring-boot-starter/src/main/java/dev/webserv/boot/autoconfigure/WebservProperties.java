package dev.webserv.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.util.unit.DataSize;

/**
 * The {@code webserv.*} tree. Every limit and timeout of the core server, the threads,
 * the shutdown mode, and the nginx-style servers with their locations.
 */
@ConfigurationProperties("webserv")
public class WebservProperties {

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

	/** Value of the Server response header; empty sends none. */
	private String serverHeader = "webserv";

	/**
	 * Shutdown mode: 'graceful' drains requests in flight, 'immediate' closes at once.
	 * Defaults to server.shutdown.
	 */
	private Shutdown shutdown;

	/** Size and count limits. */
	private final Limits limits = new Limits();

	/** Timeouts. */
	private final Timeouts timeouts = new Timeouts();

	/**
	 * Virtual servers, nginx's server blocks: name, listen, server-names, root,
	 * error-pages, client-max-body-size and locations. With none, one server answers on
	 * server.address:server.port.
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

	public Shutdown getShutdown() {
		return shutdown;
	}

	public void setShutdown(Shutdown shutdown) {
		this.shutdown = shutdown;
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
		private int maxConnections = 10000;

		/** Listen backlog of each listening socket. */
		private int backlog = 511;

		/** Maximum size of the request line (414 past it). */
		private DataSize maxRequestLineLength = DataSize.ofKilobytes(8);

		/**
		 * Maximum size of the request header section (431 past it). Defaults to
		 * server.max-http-request-header-size.
		 */
		private DataSize maxHeaderSize;

		/** Maximum number of header fields in a request (431 past it). */
		private int maxHeaderCount = 100;

		/**
		 * Default maximum request body size, nginx's client_max_body_size (413 past it);
		 * 0 means no limit. Servers and locations may set their own.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * Maximum number of requests served on one connection before it closes; 0 means
		 * unlimited.
		 */
		private int maxRequestsPerConnection = 1000;

		/**
		 * Request bodies up to this size stay in memory; larger ones go to a temporary
		 * file.
		 */
		private DataSize bodyMemoryThreshold = DataSize.ofKilobytes(64);

		/** Maximum number of CGI processes running at once (503 past it). */
		private int maxCgiProcesses = 16;

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

	}

	/** Timeouts; on expiry 408 where a request was under way, otherwise a quiet close. */
	public static class Timeouts {

		/**
		 * Total time to receive a request head, from its first byte; trickling bytes do
		 * not extend it.
		 */
		private Duration header = Duration.ofSeconds(10);

		/** Time a keep-alive connection may wait for its next request. */
		private Duration idle = Duration.ofSeconds(60);

		/** Longest pause between two reads of a request body. */
		private Duration body = Duration.ofSeconds(30);

		/**
		 * Average rate a request body must keep after its first second, per second; 0
		 * disables the check.
		 */
		private DataSize minBodyRate = DataSize.ofBytes(256);

		/** Longest time a response may make no progress towards the client. */
		private Duration write = Duration.ofSeconds(30);

		/**
		 * Average rate a client must read a response at after the first second, per
		 * second; 0 disables the check.
		 */
		private DataSize minWriteRate = DataSize.ofBytes(256);

		/** Time a handler may run before the client gets 503. */
		private Duration handler = Duration.ofSeconds(60);

		/** Time a CGI script may run before it is killed and the client gets 504. */
		private Duration cgi = Duration.ofSeconds(30);

		/**
		 * Time a graceful shutdown waits for requests in flight. Defaults to
		 * spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration shutdown;

		/**
		 * On a server with proxy-protocol, time for the PROXY protocol header to arrive
		 * from the connection's opening; then the connection is closed.
		 */
		private Duration proxyHeader = Duration.ofSeconds(5);

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

	}

}
