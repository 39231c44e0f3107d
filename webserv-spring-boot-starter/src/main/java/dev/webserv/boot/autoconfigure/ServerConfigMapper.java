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
import dev.webserv.Methods;
import dev.webserv.config.ConfigException;
import dev.webserv.config.Limits;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.Tls;
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

	private final ClasspathRoots classpath;

	private final LocationMapper locations;

	private final boolean otherWebServer;

	private final SslMapper ssl;

	/** server.ssl for the server on server.port; null when off. */
	private Tls primaryTls;

	/** WebFlux on webserv: the reactive factory's address and port, else null. */
	private ListenAddress primary;

	/**
	 * @param handlerBeans resolves a location's handler bean name (second argument: the
	 * property, for messages)
	 * @param otherWebServer whether another web server (Tomcat, Jetty, Netty) owns
	 * server.port
	 */
	ServerConfigMapper(WebservProperties properties, StandardKeys standard,
			BiFunction<String, String, Handler> handlerBeans, boolean otherWebServer, ClassLoader classLoader,
			SslMapper ssl) {
		this.ssl = ssl;
		this.properties = properties;
		this.standard = standard;
		this.classpath = new ClasspathRoots(classLoader);
		this.locations = new LocationMapper(handlerBeans, classpath);
		this.otherWebServer = otherWebServer;
	}

	/**
	 * WebFlux on webserv: servers without listen addresses listen on Boot's factory
	 * address instead of server.address:server.port, and WebFlux serves the static
	 * resources.
	 */
	ServerConfigMapper primary(ListenAddress address) {
		this.primary = address;
		return this;
	}

	/** The builder for the configured servers, each given the routes meant for it. */
	ServerConfig.Builder map(List<MountedRoute> routes) {
		if (!otherWebServer) {
			standard.refuseUnsupported();
			primaryTls = ssl.primary();
		}
		ServerConfig.Builder builder = ServerConfig.builder()
			.ioThreads(notNegative(PREFIX + ".io-threads", properties.getIoThreads()))
			.workerThreads(positive(PREFIX + ".worker-threads", properties.getWorkerThreads()))
			.virtualThreads(properties.getVirtualThreads() != null ? properties.getVirtualThreads()
					: standard.virtualThreadsEnabled())
			.serverTokens(properties.isServerTokens())
			.trustedProxies(trustedProxies())
			.limits(limits())
			.timeouts(timeouts());
		String serverHeader = properties.getServerHeader() != null ? properties.getServerHeader()
				: standard.serverHeader();
		if (serverHeader != null) {
			builder.serverHeader(serverHeader);
		}
		List<VirtualServerProperties> servers = properties.getServers().isEmpty()
				? List.of(new VirtualServerProperties()) : properties.getServers();
		List<String> names = serverNames(servers);
		checkRouteServers(routes, names);
		List<List<ListenAddress>> listens = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			listens.add(listen(PREFIX + ".servers[" + i + "]", servers.get(i)));
		}
		refuseUnusedServerSsl(servers);
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
		checked(builder);
		return builder;
	}

	/**
	 * server.ssl applies to the server without listen addresses (and to a management port
	 * of its own): with neither, nothing would serve it.
	 */
	private void refuseUnusedServerSsl(List<VirtualServerProperties> servers) {
		if (primaryTls != null && servers.stream().noneMatch(server -> server.getListen().isEmpty())
				&& !standard.separateManagementPort()) {
			throw new InvalidConfigurationPropertyValueException("server.ssl", "enabled",
					"applies to the server on server.port, and every webserv.servers[] entry has listen addresses of "
							+ "its own: leave one server without listen, or use webserv.servers[].ssl.bundle");
		}
	}

	/**
	 * webserv.trusted-proxies, with Boot's server.forward-headers-strategy applied unless
	 * another web server owns the server.* keys.
	 */
	private List<String> trustedProxies() {
		List<String> configured = AccessMapper.trustedProxies(PREFIX + ".trusted-proxies",
				properties.getTrustedProxies());
		return otherWebServer ? configured : standard.trustedProxies(configured);
	}

	/**
	 * Runs the core's start-up checks (duplicate locations, methods nothing serves,
	 * server names claimed twice), turning a failure into one that names the property.
	 */
	private static void checked(ServerConfig.Builder builder) {
		try {
			builder.build();
		}
		catch (ConfigException e) {
			throw CoreSettings.translate(PREFIX, Map.of(), e);
		}
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
		tls(prefix, server, listen, builder);
		builder.serverNames(server.getServerNames());
		if (ClasspathRoots.isClasspath(server.getRoot())) {
			classpath.check(prefix + ".root", server.getRoot());
		}
		else if (server.getRoot() != null) {
			builder.root(Paths.existingDirectory(prefix + ".root", server.getRoot()));
		}
		errorPages(prefix, server, builder);
		if (server.getClientMaxBodySize() != null) {
			builder.clientMaxBodySize(bytes(prefix + ".client-max-body-size", server.getClientMaxBodySize()));
		}
		AccessMapper.server(prefix, server, builder);
		builder.accessLog(LogZipMapper.accessLog(prefix, server.getAccessLog()));
		builder.compression(server.getCompression() != null ? LogZipMapper.compression(prefix, server.getCompression())
				: server.getListen().isEmpty() ? LogZipMapper.standard(standard.compression()) : null);
		for (int j = 0; j < server.getLocations().size(); j++) {
			builder.location(
					locations.map(prefix + ".locations[" + j + "]", server.getLocations().get(j), server.getRoot()));
		}
		if (properties.getServers().isEmpty() && primary == null && classpath.exists(ClasspathRoots.DEFAULT_STATIC)) {
			// as Boot serves it for Tomcat: src/main/resources/static at /
			builder.location(Location.builder("/")
				.root(classpath.root(ClasspathRoots.DEFAULT_STATIC))
				.index("index.html")
				.build());
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
			ListenAddress address = (primary != null ? primary : standard.primaryAddress())
				.withProxyProtocol(server.isProxyProtocol());
			return List.of(primaryTls != null ? address.withTls(primaryTls) : address);
		}
		List<ListenAddress> addresses = new ArrayList<>();
		boolean randomPorts = standard.randomPortTest();
		for (int k = 0; k < server.getListen().size(); k++) {
			String text = server.getListen().get(k);
			try {
				ListenAddress address = ListenAddress.parse(text);
				ListenAddress listened = randomPorts
						? new ListenAddress(address.host(), 0, address.proxyProtocol(), address.ssl(), null) : address;
				addresses.add(server.isProxyProtocol() ? listened.withProxyProtocol(true) : listened);
			}
			catch (IllegalArgumentException e) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".listen[" + k + "]", text,
						e.getMessage());
			}
		}
		return addresses;
	}

	/**
	 * The server's TLS on its "ssl" addresses (server.ssl for the one on server.port),
	 * and its redirect to HTTPS; a bundle with no ssl address to use it, or an ssl
	 * address with no bundle, fails.
	 */
	private void tls(String prefix, VirtualServerProperties server, List<ListenAddress> listen,
			VirtualServer.Builder builder) {
		boolean primary = server.getListen().isEmpty();
		Tls tls = primary ? primaryTls : ssl.server(prefix, server.getSsl());
		if (primary && server.getSsl().getBundle() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".ssl.bundle", server.getSsl().getBundle(),
					"this server listens on server.port: use server.ssl.bundle, or give it listen addresses");
		}
		boolean sslAddress = listen.stream().anyMatch(ListenAddress::ssl);
		if (tls == null && sslAddress) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".ssl.bundle", null,
					"must be set: a listen address of this server is marked ssl");
		}
		if (tls != null && !primary && !sslAddress) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".ssl.bundle", server.getSsl().getBundle(),
					"no listen address of this server is marked ssl (e.g. \"0.0.0.0:8443 ssl\")");
		}
		if (tls != null) {
			builder.tls(tls);
		}
		if (server.getRedirectToHttps() != null) {
			CoreSettings.build(PREFIX, Map.of("redirect-to-https", prefix + ".redirect-to-https"),
					() -> builder.redirectToHttps(server.getRedirectToHttps()));
		}
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
			builder.errorPage(page.getKey(), ClasspathRoots.isClasspath(server.getRoot())
					? ClasspathRoots.errorPage(server.getRoot(), page.getValue()) : page.getValue());
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
		int requestLine = intBytes(prefix + "max-request-line-length", limits.getMaxRequestLineLength());
		int header = intBytes(headerProperty, headerSize);
		long body = bytes(prefix + "max-body-size", limits.getMaxBodySize());
		int memory = intBytes(prefix + "body-memory-threshold", limits.getBodyMemoryThreshold());
		return CoreSettings.build(PREFIX, Map.of("limits.max-header-size", headerProperty),
				() -> new Limits(limits.getMaxConnections(), limits.getBacklog(), requestLine, header,
						limits.getMaxHeaderCount(), body, limits.getMaxRequestsPerConnection(), memory,
						limits.getMaxCgiProcesses(), limits.getMaxQueuedHandlers())
					.withReclaimAtLimit(limits.isReclaimAtLimit())
					.withMaxFirstHeadsPerAddress(limits.getMaxFirstHeadsPerAddress()));
	}

	private Timeouts timeouts() {
		WebservProperties.Timeouts timeouts = properties.getTimeouts();
		Duration shutdown = timeouts.getShutdown() != null ? timeouts.getShutdown() : standard.shutdownPhaseTimeout();
		Map<String, String> renamed = timeouts.getShutdown() != null ? Map.of()
				: Map.of("timeouts.shutdown", "spring.lifecycle.timeout-per-shutdown-phase");
		return CoreSettings.build(PREFIX, renamed,
				() -> new Timeouts(timeouts.getHeader(), timeouts.getIdle(), timeouts.getBody(),
						rate(timeouts.getMinBodyRate()), timeouts.getWrite(), rate(timeouts.getMinWriteRate()),
						timeouts.getHandler(), timeouts.getCgi(), shutdown, timeouts.getProxyHeader(),
						timeouts.getHandshake()));
	}

	/** A rate in bytes per second; a missing one is refused by the core as negative. */
	private static long rate(DataSize size) {
		return size == null ? -1 : size.toBytes();
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

	/** Upper-cased, checked method names. */
	static List<String> methods(String property, List<String> methods) {
		List<String> normalized = new ArrayList<>();
		for (int i = 0; i < methods.size(); i++) {
			String upper = methods.get(i).trim().toUpperCase(Locale.ROOT);
			if (Methods.served(upper) == null) {
				throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", methods.get(i),
						"unknown HTTP method (served: " + String.join(", ", Methods.SERVED) + ")");
			}
			normalized.add(upper);
		}
		return normalized;
	}

}
