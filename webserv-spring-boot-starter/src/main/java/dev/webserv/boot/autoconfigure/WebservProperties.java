package dev.webserv.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.util.unit.DataSize;

/**
 * The {@code webserv.*} tree. Every limit and timeout of the core server, the threads, the shutdown mode,
 * and the nginx-style servers with their locations.
 */
@ConfigurationProperties("webserv")
public class WebservProperties {

	/** Whether to enable webserv. */
	private boolean enabled = true;

	/** Number of event-loop threads; 0 means one per available processor. */
	private int ioThreads = 0;

	/** Number of threads of the bounded worker pool used for blocking handlers when virtual threads are off. */
	private int workerThreads = 200;

	/**
	 * Whether blocking handlers run on virtual threads (Java 21+; ignored on older runtimes). Defaults to
	 * spring.threads.virtual.enabled.
	 */
	private Boolean virtualThreads;

	/** Value of the Server response header; empty sends none. */
	private String serverHeader = "webserv";

	/**
	 * Shutdown mode: 'graceful' drains requests in flight, 'immediate' closes at once. Defaults to
	 * server.shutdown.
	 */
	private Shutdown shutdown;

	/** Size and count limits. */
	private final Limits limits = new Limits();

	/** Timeouts. */
	private final Timeouts timeouts = new Timeouts();

	/**
	 * Virtual servers, nginx's server blocks: name, listen, server-names, root, error-pages,
	 * client-max-body-size and locations. With none, one server answers on server.address:server.port.
	 */
	private List<Server> servers = new ArrayList<>();

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

	public List<Server> getServers() {
		return servers;
	}

	public void setServers(List<Server> servers) {
		this.servers = servers;
	}

	/** Size and count limits; crossing one gives a status (413, 414, 431) or a clean close. */
	public static class Limits {

		/** Maximum number of open connections across all listeners; past it webserv stops accepting. */
		private int maxConnections = 10000;

		/** Listen backlog of each listening socket. */
		private int backlog = 511;

		/** Maximum size of the request line (414 past it). */
		private DataSize maxRequestLineLength = DataSize.ofKilobytes(8);

		/** Maximum size of the request header section (431 past it). Defaults to server.max-http-request-header-size. */
		private DataSize maxHeaderSize;

		/** Maximum number of header fields in a request (431 past it). */
		private int maxHeaderCount = 100;

		/**
		 * Default maximum request body size, nginx's client_max_body_size (413 past it); 0 means no limit.
		 * Servers and locations may set their own.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/** Maximum number of requests served on one connection before it closes; 0 means unlimited. */
		private int maxRequestsPerConnection = 1000;

		/** Request bodies up to this size stay in memory; larger ones go to a temporary file. */
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

		/** Total time to receive a request head, from its first byte; trickling bytes do not extend it. */
		private Duration header = Duration.ofSeconds(10);

		/** Time a keep-alive connection may wait for its next request. */
		private Duration idle = Duration.ofSeconds(60);

		/** Longest pause between two reads of a request body. */
		private Duration body = Duration.ofSeconds(30);

		/** Average rate a request body must keep after its first second, per second; 0 disables the check. */
		private DataSize minBodyRate = DataSize.ofBytes(256);

		/** Longest time a response may make no progress towards the client. */
		private Duration write = Duration.ofSeconds(30);

		/** Average rate a client must read a response at after the first second, per second; 0 disables the check. */
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
	}

	/** A virtual server, nginx's server block. */
	public static class Server {

		/** Name used by @WebservRoute(servers) and Routes.servers(...); unnamed servers go by their index. */
		private String name;

		/**
		 * Listen addresses as nginx writes them: "8080", "*:8080", "127.0.0.1:8080", "[::1]:8080"; port 0 picks a
		 * free port. Empty uses server.address and server.port.
		 */
		private List<String> listen = new ArrayList<>();

		/** Host names answered: exact, "*.suffix" or "prefix.*"; empty answers any Host on its addresses. */
		private List<String> serverNames = new ArrayList<>();

		/** Document root of static locations; must be an existing directory. */
		private String root;

		/** Error pages by status: a URI under the root, served with the original status. */
		private Map<Integer, String> errorPages = new LinkedHashMap<>();

		/** Maximum request body size on this server; 0 means no limit. Defaults to webserv.limits.max-body-size. */
		private DataSize clientMaxBodySize;

		/** Locations, matched by longest prefix (an exact location first). */
		private List<Location> locations = new ArrayList<>();

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getListen() {
			return listen;
		}

		public void setListen(List<String> listen) {
			this.listen = listen;
		}

		public List<String> getServerNames() {
			return serverNames;
		}

		public void setServerNames(List<String> serverNames) {
			this.serverNames = serverNames;
		}

		public String getRoot() {
			return root;
		}

		public void setRoot(String root) {
			this.root = root;
		}

		public Map<Integer, String> getErrorPages() {
			return errorPages;
		}

		public void setErrorPages(Map<Integer, String> errorPages) {
			this.errorPages = errorPages;
		}

		public DataSize getClientMaxBodySize() {
			return clientMaxBodySize;
		}

		public void setClientMaxBodySize(DataSize clientMaxBodySize) {
			this.clientMaxBodySize = clientMaxBodySize;
		}

		public List<Location> getLocations() {
			return locations;
		}

		public void setLocations(List<Location> locations) {
			this.locations = locations;
		}
	}

	/** An nginx-style location: a path prefix (or exact path) and the directives under it. */
	public static class Location {

		/** Path prefix, e.g. "/uploads" (or the exact path when exact is true). */
		private String path;

		/** Whether only this exact path matches (nginx's "location = /path"). */
		private boolean exact;

		/**
		 * Methods allowed; others get 405 with Allow. Empty allows GET and HEAD, plus POST, PUT and DELETE where
		 * the location has an upload-dir, and POST where it has cgi.
		 */
		private List<String> methods = new ArrayList<>();

		/** Document root for this location, overriding the server's. */
		private String root;

		/** Index file names tried in order for a directory. */
		private List<String> index = new ArrayList<>();

		/** Whether a directory without an index file gets an HTML listing. */
		private boolean autoindex;

		/** Answers every request with a redirect (nginx's "return 301 /new"). */
		private Redirect redirect;

		/** Directory where POST and PUT store request bodies; created if missing. */
		private String uploadDir;

		/** CGI interpreters by file extension, e.g. {"[.py]": /usr/bin/python3} or {py: python3}. */
		private Map<String, String> cgi = new LinkedHashMap<>();

		/** Maximum request body size in this location; 0 means no limit. Defaults to the server's. */
		private DataSize clientMaxBodySize;

		/** Name of a bean (a Handler or ResultHandler) that answers every request of this location. */
		private String handler;

		public String getPath() {
			return path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public boolean isExact() {
			return exact;
		}

		public void setExact(boolean exact) {
			this.exact = exact;
		}

		public List<String> getMethods() {
			return methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public String getRoot() {
			return root;
		}

		public void setRoot(String root) {
			this.root = root;
		}

		public List<String> getIndex() {
			return index;
		}

		public void setIndex(List<String> index) {
			this.index = index;
		}

		public boolean isAutoindex() {
			return autoindex;
		}

		public void setAutoindex(boolean autoindex) {
			this.autoindex = autoindex;
		}

		public Redirect getRedirect() {
			return redirect;
		}

		public void setRedirect(Redirect redirect) {
			this.redirect = redirect;
		}

		public String getUploadDir() {
			return uploadDir;
		}

		public void setUploadDir(String uploadDir) {
			this.uploadDir = uploadDir;
		}

		public Map<String, String> getCgi() {
			return cgi;
		}

		public void setCgi(Map<String, String> cgi) {
			this.cgi = cgi;
		}

		public DataSize getClientMaxBodySize() {
			return clientMaxBodySize;
		}

		public void setClientMaxBodySize(DataSize clientMaxBodySize) {
			this.clientMaxBodySize = clientMaxBodySize;
		}

		public String getHandler() {
			return handler;
		}

		public void setHandler(String handler) {
			this.handler = handler;
		}
	}

	/** A redirect answered without touching the file system. */
	public static class Redirect {

		/** Status: 301, 302, 303, 307 or 308. */
		private int status = 302;

		/** Target URI sent in the Location header. */
		private String location;

		public int getStatus() {
			return status;
		}

		public void setStatus(int status) {
			this.status = status;
		}

		public String getLocation() {
			return location;
		}

		public void setLocation(String location) {
			this.location = location;
		}
	}
}
