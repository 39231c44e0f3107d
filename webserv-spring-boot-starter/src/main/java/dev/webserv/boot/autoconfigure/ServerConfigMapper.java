package dev.webserv.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import dev.webserv.Handler;
import dev.webserv.config.Limits;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;

/**
 * Maps {@code webserv.*} (plus Boot's standard keys, see {@link StandardKeys}) onto the
 * core {@link ServerConfig.Builder}, validating as it goes: a wrong value fails with an
 * {@link InvalidConfigurationPropertyValueException} that names the property.
 */
final class ServerConfigMapper {

	private static final String PREFIX = "webserv";

	private final WebservProperties properties;

	private final StandardKeys standard;

	private final LocationMapper locations;

	private final boolean otherWebServer;

	/**
	 * @param handlerBeans resolves a location's handler bean name (second argument: the
	 * property, for messages)
	 * @param otherWebServer whether another web server (Tomcat, Jetty, Netty) owns
	 * server.port
	 */
	ServerConfigMapper(WebservProperties properties, StandardKeys standard,
			BiFunction<String, String, Handler> handlerBeans, boolean otherWebServer) {
		this.properties = properties;
		this.standard = standard;
		this.locations = new LocationMapper(handlerBeans);
		this.otherWebServer = otherWebServer;
	}

	/** The builder for the configured servers, each given the routes meant for it. */
	ServerConfig.Builder map(List<MountedRoute> routes) {
		ServerConfig.Builder builder = ServerConfig.builder()
			.ioThreads(notNegative(PREFIX + ".io-threads", properties.getIoThreads()))
			.workerThreads(positive(PREFIX + ".worker-threads", properties.getWorkerThreads()))
			.virtualThreads(properties.getVirtualThreads() != null ? properties.getVirtualThreads()
					: standard.virtualThreadsEnabled())
			.serverHeader(properties.getServerHeader())
			.limits(limits())
			.timeouts(timeouts());
		List<VirtualServerProperties> servers = properties.getServers().isEmpty()
				? List.of(new VirtualServerProperties()) : properties.getServers();
		List<String> names = serverNames(servers);
		checkRouteServers(routes, names);
		List<List<ListenAddress>> listens = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			listens.add(listen(PREFIX + ".servers[" + i + "]", servers.get(i)));
		}
		new ServerNameClaims().check(servers, listens);
		for (int i = 0; i < servers.size(); i++) {
			String prefix = PREFIX + ".servers[" + i + "]";
			VirtualServer.Builder server = server(prefix, servers.get(i), listens.get(i)).name(names.get(i));
			for (MountedRoute route : routes) {
				if (route.servers().isEmpty() || route.servers().contains(names.get(i))) {
					server.route(route.route());
				}
			}
			builder.server(build(prefix, server));
		}
		return builder;
	}

	/** The name of each server: its name, else its index. */
	private static List<String> serverNames(List<VirtualServerProperties> servers) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			String name = servers.get(i).getName();
			String chosen = name != null && !name.isBlank() ? name : String.valueOf(i);
			if (names.contains(chosen)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".servers[" + i + "].name", chosen,
						"another server already has this name");
			}
			names.add(chosen);
		}
		return names;
	}

	private static void checkRouteServers(List<MountedRoute> routes, List<String> names) {
		for (MountedRoute route : routes) {
			for (String server : route.servers()) {
				if (!names.contains(server)) {
					throw new IllegalStateException(route.source() + " names server '" + server
							+ "', but webserv.servers has none of that name (servers: " + String.join(", ", names)
							+ ")");
				}
			}
		}
	}

	private VirtualServer.Builder server(String prefix, VirtualServerProperties server, List<ListenAddress> listen) {
		VirtualServer.Builder builder = VirtualServer.builder();
		listen.forEach(builder::listen);
		builder.serverNames(server.getServerNames());
		if (server.getRoot() != null) {
			builder.root(Paths.existingDirectory(prefix + ".root", server.getRoot()));
		}
		errorPages(prefix, server, builder);
		if (server.getClientMaxBodySize() != null) {
			builder.clientMaxBodySize(bytes(prefix + ".client-max-body-size", server.getClientMaxBodySize()));
		}
		builder.accessLog(LogZipMapper.accessLog(prefix, server.getAccessLog()));
		builder.compression(server.getCompression() != null ? LogZipMapper.compression(prefix, server.getCompression())
				: server.getListen().isEmpty() ? LogZipMapper.standard(standard.compression()) : null);
		for (int j = 0; j < server.getLocations().size(); j++) {
			builder.location(locations.map(prefix + ".locations[" + j + "]", server.getLocations().get(j),
					server.getRoot() != null));
		}
		return builder;
	}

	/**
	 * The server's listen addresses; none configured means server.address:server.port.
	 */
	private List<ListenAddress> listen(String prefix, VirtualServerProperties server) {
		if (server.getListen().isEmpty()) {
			if (otherWebServer) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".listen", "[]",
						"must be set: the application also runs another web server, which owns server.port");
			}
			return List.of(standard.primaryAddress());
		}
		List<ListenAddress> addresses = new ArrayList<>();
		for (int k = 0; k < server.getListen().size(); k++) {
			String text = server.getListen().get(k);
			try {
				addresses.add(ListenAddress.parse(text));
			}
			catch (IllegalArgumentException e) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".listen[" + k + "]", text,
						e.getMessage());
			}
		}
		return addresses;
	}

	private static void errorPages(String prefix, VirtualServerProperties server, VirtualServer.Builder builder) {
		for (Map.Entry<Integer, String> page : server.getErrorPages().entrySet()) {
			String property = prefix + ".error-pages[" + page.getKey() + "]";
			if (page.getKey() < 300 || page.getKey() > 599) {
				throw new InvalidConfigurationPropertyValueException(property, page.getValue(),
						"error pages are for statuses 300-599");
			}
			if (page.getValue() == null || !page.getValue().startsWith("/")) {
				throw new InvalidConfigurationPropertyValueException(property, page.getValue(),
						"must be a URI under the root, starting with '/'");
			}
			if (server.getRoot() == null) {
				throw new InvalidConfigurationPropertyValueException(property, page.getValue(),
						"error pages are served from the root: set " + prefix + ".root");
			}
			builder.errorPage(page.getKey(), page.getValue());
		}
	}

	private static VirtualServer build(String prefix, VirtualServer.Builder server) {
		try {
			return server.build();
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(prefix, null, e.getMessage());
		}
	}

	private Limits limits() {
		WebservProperties.Limits limits = properties.getLimits();
		String prefix = PREFIX + ".limits.";
		DataSize headerSize = limits.getMaxHeaderSize() != null ? limits.getMaxHeaderSize()
				: standard.maxHttpRequestHeaderSize();
		String headerProperty = limits.getMaxHeaderSize() != null ? prefix + "max-header-size"
				: "server.max-http-request-header-size";
		return new Limits(positive(prefix + "max-connections", limits.getMaxConnections()),
				positive(prefix + "backlog", limits.getBacklog()),
				positive(prefix + "max-request-line-length",
						intBytes(prefix + "max-request-line-length", limits.getMaxRequestLineLength())),
				positive(headerProperty, intBytes(headerProperty, headerSize)),
				positive(prefix + "max-header-count", limits.getMaxHeaderCount()),
				bytes(prefix + "max-body-size", limits.getMaxBodySize()),
				notNegative(prefix + "max-requests-per-connection", limits.getMaxRequestsPerConnection()),
				positive(prefix + "body-memory-threshold",
						intBytes(prefix + "body-memory-threshold", limits.getBodyMemoryThreshold())),
				positive(prefix + "max-cgi-processes", limits.getMaxCgiProcesses()),
				// no property yet (WebservProperties is being reworked): the core's
				// default
				Limits.DEFAULTS.maxQueuedHandlers());
	}

	private Timeouts timeouts() {
		WebservProperties.Timeouts timeouts = properties.getTimeouts();
		String prefix = PREFIX + ".timeouts.";
		Duration shutdown = timeouts.getShutdown() != null ? timeouts.getShutdown() : standard.shutdownPhaseTimeout();
		if (shutdown == null || shutdown.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(prefix + "shutdown", shutdown, "must not be negative");
		}
		return new Timeouts(positive(prefix + "header", timeouts.getHeader()),
				positive(prefix + "idle", timeouts.getIdle()), positive(prefix + "body", timeouts.getBody()),
				bytes(prefix + "min-body-rate", timeouts.getMinBodyRate()),
				positive(prefix + "write", timeouts.getWrite()),
				bytes(prefix + "min-write-rate", timeouts.getMinWriteRate()),
				positive(prefix + "handler", timeouts.getHandler()), positive(prefix + "cgi", timeouts.getCgi()),
				shutdown);
	}

	static long bytes(String property, DataSize size) {
		if (size == null || size.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, size, "must not be negative");
		}
		return size.toBytes();
	}

	private static int intBytes(String property, DataSize size) {
		long bytes = bytes(property, size);
		if (bytes > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(property, size, "must be under 2GB");
		}
		return (int) bytes;
	}

	private static int positive(String property, int value) {
		if (value <= 0) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be positive");
		}
		return value;
	}

	private static int notNegative(String property, int value) {
		if (value < 0) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must not be negative");
		}
		return value;
	}

	private static Duration positive(String property, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be positive");
		}
		return value;
	}

	/** Upper-cased, checked method names. */
	static List<String> methods(String property, List<String> methods) {
		List<String> normalized = new ArrayList<>();
		for (int i = 0; i < methods.size(); i++) {
			String upper = methods.get(i).trim().toUpperCase(Locale.ROOT);
			if (!HandlerBeans.KNOWN_METHODS.contains(upper)) {
				throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", methods.get(i),
						"unknown HTTP method (known: "
								+ String.join(", ", new java.util.TreeSet<>(HandlerBeans.KNOWN_METHODS)) + ")");
			}
			normalized.add(upper);
		}
		return normalized;
	}

}
