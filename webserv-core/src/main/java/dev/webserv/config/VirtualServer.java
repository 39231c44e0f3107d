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
 * @param access nginx's allow/deny rules for locations that have none of their own
 * @param addHeaders nginx's add_header for locations that have none of their own
 * @param limitZones the tables of clients its locations' rate and connection limits use
 * @param serverTokens whether its error pages show webserv's version: copied from
 * {@link ServerConfig#serverTokens()}
 * @param accessLog where and how requests are logged, or null for no access log
 * @param compression on-the-fly compression for the whole server (locations may override
 * it), or null for none
 */
public record VirtualServer(String name, List<ListenAddress> listen, List<String> serverNames, Path root,
		Map<Integer, String> errorPages, long clientMaxBodySize, List<Location> locations, List<Route> routes,
		List<String> access, List<AddHeader> addHeaders, List<LimitZone> limitZones, boolean serverTokens,
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
		access = List.copyOf(access);
		addHeaders = List.copyOf(addHeaders);
		limitZones = List.copyOf(limitZones);
		AccessRule.check("server access", access);
		checkZones(limitZones, locations);
		if (clientMaxBodySize < -1) {
			throw new IllegalArgumentException("client-max-body-size must not be negative: " + clientMaxBodySize);
		}
		if (name != null && name.isBlank()) {
			throw new IllegalArgumentException("a server name must not be blank");
		}
	}

	/**
	 * Zone names are unique, and each location's limit names a zone of its kind.
	 */
	private static void checkZones(List<LimitZone> zones, List<Location> locations) {
		Map<String, LimitZone> byName = new LinkedHashMap<>();
		for (LimitZone zone : zones) {
			if (byName.put(zone.name(), zone) != null) {
				throw new IllegalArgumentException("two limit zones are named '" + zone.name() + "'");
			}
		}
		for (Location location : locations) {
			if (location.limitReq() != null) {
				checkZone(byName.get(location.limitReq().zone()), true, location.limitReq().zone(),
						"location " + location.path() + ": limit-req");
			}
			if (location.limitConn() != null) {
				checkZone(byName.get(location.limitConn().zone()), false, location.limitConn().zone(),
						"location " + location.path() + ": limit-conn");
			}
		}
	}

	private static void checkZone(LimitZone zone, boolean rate, String name, String setting) {
		if (zone == null) {
			throw new IllegalArgumentException(setting + ": zone '" + name
					+ "' is not declared by the server (limit-req-zones, limit-conn-zones)");
		}
		if (zone.isRate() != rate) {
			throw new IllegalArgumentException(setting + ": zone '" + name + "' is a "
					+ (zone.isRate() ? "rate zone, not a connection zone" : "connection zone, not a rate zone"));
		}
	}

	/** This server under another name. */
	public VirtualServer withName(String name) {
		return new VirtualServer(name, listen, serverNames, root, errorPages, clientMaxBodySize, locations, routes,
				access, addHeaders, limitZones, serverTokens, accessLog, compression);
	}

	/** This server with server tokens on or off (for its error pages). */
	public VirtualServer withServerTokens(boolean serverTokens) {
		return new VirtualServer(name, listen, serverNames, root, errorPages, clientMaxBodySize, locations, routes,
				access, addHeaders, limitZones, serverTokens, accessLog, compression);
	}

	/**
	 * What answers the requests no route and no location matches: the exchange handler of
	 * its {@link Route#fallback fallback route}, or null (a 404 then).
	 */
	public dev.webserv.ExchangeHandler fallback() {
		return routes.stream().filter(Route::fallback).map(Route::exchange).findFirst().orElse(null);
	}

	/** This server with other handler routes (its routes behind the server's guard). */
	public VirtualServer withRoutes(List<Route> routes) {
		return new VirtualServer(name, listen, serverNames, root, errorPages, clientMaxBodySize, locations, routes,
				access, addHeaders, limitZones, serverTokens, accessLog, compression);
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

		private final List<String> access = new ArrayList<>();

		private final List<AddHeader> addHeaders = new ArrayList<>();

		private final List<LimitZone> limitZones = new ArrayList<>();

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

		/**
		 * The server's TLS (its certificate) on each of its listen addresses marked
		 * {@code ssl} so far: call it after {@link #listen}.
		 */
		public Builder tls(Tls tls) {
			listen.replaceAll(address -> address.ssl() ? address.withTls(tls) : address);
			return this;
		}

		/**
		 * Answers every request with a redirect to the same host and target over HTTPS on
		 * {@code httpsPort} (nginx's {@code return 301 https://$host$request_uri}): a
		 * location "/" for a server that only redirects.
		 */
		public Builder redirectToHttps(int httpsPort) {
			locations.add(Location.builder("/").handler(new HttpsRedirect(httpsPort)).build());
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

		/**
		 * Mounts an exchange handler (dispatched at the head, body and response streamed)
		 * on a template, for one method, or every method when null.
		 */
		public Builder exchange(String method, String template, dev.webserv.ExchangeHandler handler) {
			return route(Route.exchange(method, template, handler));
		}

		/**
		 * The exchange handler that answers what no route and no location of this server
		 * matches, instead of a 404 (a WebFlux application behind the locations).
		 */
		public Builder fallback(dev.webserv.ExchangeHandler handler) {
			return route(Route.fallback(handler));
		}

		/** nginx's allow/deny for every location without rules of its own. */
		public Builder access(String... rules) {
			access.addAll(List.of(rules));
			return this;
		}

		public Builder access(List<String> rules) {
			access.addAll(rules);
			return this;
		}

		/** nginx's add_header for every location without headers of its own. */
		public Builder addHeader(String name, String value, boolean always) {
			addHeaders.add(new AddHeader(name, value, always));
			return this;
		}

		public Builder addHeaders(List<AddHeader> headers) {
			addHeaders.addAll(headers);
			return this;
		}

		/**
		 * nginx's limit_req_zone: a rate ("10r/s") per client, size addresses at most.
		 */
		public Builder limitReqZone(String name, String rate, int size) {
			limitZones.add(LimitZone.requests(name, rate, size));
			return this;
		}

		/** nginx's limit_conn_zone: requests in progress per client. */
		public Builder limitConnZone(String name, int size) {
			limitZones.add(LimitZone.connections(name, size));
			return this;
		}

		public Builder limitZone(LimitZone zone) {
			limitZones.add(zone);
			return this;
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
					access, addHeaders, limitZones, true, accessLog, compression);
		}

	}
}
