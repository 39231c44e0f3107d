package dev.webserv.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An nginx-style server block: the addresses it listens on, the names it answers to, and
 * its locations and handler routes.
 *
 * @param name what the server is called (statistics, ports by name, routes mounted on
 * it); null until {@link ServerConfig} names an unnamed server after its index ("0", "1",
 * ...)
 * @param listen the addresses; the first server listed for an address is that address's
 * default
 * @param serverNames exact names, "*.suffix" or "prefix.*"; empty answers any Host on its
 * addresses
 * @param root the document root for static locations, or null
 * @param errorPages status -> URI of a page under the root, served with the original
 * status
 * @param clientMaxBodySize body limit in bytes for this server, -1 to use
 * {@link Limits#maxBodySize()}
 * @param locations the locations
 * @param routes the handler routes
 * @param accessLog where and how requests are logged, or null for no access log
 * @param compression on-the-fly compression for the whole server (locations may override
 * it), or null for none
 */
public record VirtualServer(String name, List<ListenAddress> listen, List<String> serverNames, Path root,
		Map<Integer, String> errorPages, long clientMaxBodySize, List<Location> locations, List<Route> routes,
		AccessLog accessLog, Compression compression) {

	public VirtualServer {
		if (listen.isEmpty()) {
			throw new IllegalArgumentException("a server needs at least one listen address");
		}
		listen = List.copyOf(listen);
		serverNames = serverNames.stream().map(String::toLowerCase).toList();
		errorPages = Map.copyOf(errorPages);
		locations = List.copyOf(locations);
		routes = List.copyOf(routes);
		if (clientMaxBodySize < -1) {
			throw new IllegalArgumentException("client-max-body-size must not be negative: " + clientMaxBodySize);
		}
		if (name != null && name.isBlank()) {
			throw new IllegalArgumentException("a server name must not be blank");
		}
	}

	/** This server under another name. */
	public VirtualServer withName(String name) {
		return new VirtualServer(name, listen, serverNames, root, errorPages, clientMaxBodySize, locations, routes,
				accessLog, compression);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Builds a {@link VirtualServer}. */
	public static final class Builder {

		private String name;

		private final List<ListenAddress> listen = new ArrayList<>();

		private final List<String> serverNames = new ArrayList<>();

		private Path root;

		private final Map<Integer, String> errorPages = new LinkedHashMap<>();

		private long clientMaxBodySize = -1;

		private final List<Location> locations = new ArrayList<>();

		private final List<Route> routes = new ArrayList<>();

		private AccessLog accessLog;

		private Compression compression;

		private Builder() {
		}

		/**
		 * The server's name; unnamed, it is called after its index in the configuration.
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder listen(String... addresses) {
			for (String address : addresses) {
				listen.add(ListenAddress.parse(address));
			}
			return this;
		}

		public Builder listen(ListenAddress address) {
			listen.add(address);
			return this;
		}

		public Builder serverNames(String... names) {
			serverNames.addAll(List.of(names));
			return this;
		}

		public Builder serverNames(List<String> names) {
			serverNames.addAll(names);
			return this;
		}

		public Builder root(Path root) {
			this.root = root;
			return this;
		}

		public Builder errorPage(int status, String uri) {
			errorPages.put(status, uri);
			return this;
		}

		public Builder clientMaxBodySize(long bytes) {
			this.clientMaxBodySize = bytes;
			return this;
		}

		public Builder location(Location location) {
			locations.add(location);
			return this;
		}

		public Builder route(Route route) {
			routes.add(route);
			return this;
		}

		public Builder route(String method, String template, dev.webserv.Handler handler) {
			return route(Route.of(method, template, handler));
		}

		/** nginx's access_log: one line per request; none by default. */
		public Builder accessLog(AccessLog accessLog) {
			this.accessLog = accessLog;
			return this;
		}

		/** nginx's gzip directives for the whole server; off by default. */
		public Builder compression(Compression compression) {
			this.compression = compression;
			return this;
		}

		public VirtualServer build() {
			return new VirtualServer(name, listen, serverNames, root, errorPages, clientMaxBodySize, locations, routes,
					accessLog, compression);
		}

	}
}
