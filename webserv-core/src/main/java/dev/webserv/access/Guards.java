package dev.webserv.access;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.webserv.Request;
import dev.webserv.config.LimitZone;
import dev.webserv.config.Location;
import dev.webserv.config.Route;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.ServerEvents;

/**
 * What one running server shares among its locations' guards: the trusted proxies, the
 * limit zones (one table per zone a virtual server declares), the {@code limit_conn}
 * slots held until their exchanges end, the user files (one per path) and the bound on
 * their bcrypt checks. Built with the server's runtime, so two servers share nothing.
 *
 * <p>
 * The exchange calls {@link #begin} (through the runtime) before its handler and
 * {@link #end} once it is over: the request the handler sees is the real client's
 * (nginx's {@code realip} in its post-read phase), and slots are released at the end, not
 * when the handler returns.
 */
public final class Guards {

	private final ServerConfig config;

	private final TrustedProxies trustedProxies;

	private final Map<String, Object> zones = new HashMap<>();

	private final Map<Path, UserFile> userFiles = new HashMap<>();

	private final HeldSlots held = new HeldSlots();

	private final PasswordChecks passwordChecks = PasswordChecks.forThisMachine();

	private final boolean holdsSlots;

	/** The configured listener, isolated: one that throws never changes a refusal. */
	private final ServerEvents events;

	public Guards(ServerConfig config) {
		this.config = config;
		this.events = ServerEvents.of(config.events());
		this.trustedProxies = TrustedProxies.parse(config.trustedProxies(), "trusted-proxies");
		this.holdsSlots = config.servers()
			.stream()
			.anyMatch(server -> server.locations().stream().anyMatch(location -> location.limitConn() != null));
	}

	/**
	 * An exchange's request is about to be handled: the request as its real client made
	 * it (behind a trusted proxy), from now on the one the exchange uses and passes to
	 * {@link #end}.
	 */
	public Request begin(Request request) {
		Request real = trustedProxies.apply(request);
		if (holdsSlots) {
			held.begin(real);
		}
		return real;
	}

	/** The exchange of a request {@link #begin} returned is over: releases its slots. */
	public void end(Request request) {
		if (holdsSlots) {
			held.end(request);
		}
	}

	/**
	 * The request as its real client made it, for one that is never handled (the access
	 * log of a request refused before its handler).
	 */
	public Request resolve(Request request) {
		return trustedProxies.apply(request);
	}

	/**
	 * A virtual server with its handler routes (and its exchange routes and fallback, for
	 * {@code allow}/{@code deny} only) behind the server's {@code allow}/{@code deny} and
	 * {@code add_header} (a route has no location of its own to inherit from).
	 */
	public VirtualServer guardRoutes(VirtualServer server) {
		LocationGuard guard = forServer(server);
		List<Route> routes = server.routes()
			.stream()
			.map(route -> route.handler() == null
					? new Route(route.methods(), route.template(), null, route.name(), guard.wrap(route.exchange()))
					: new Route(route.methods(), route.template(), guard.wrap(route.handler()), route.name()))
			.toList();
		return server.withRoutes(routes);
	}

	/** Ends the threads the checks started: the server has stopped. */
	public void stop() {
		passwordChecks.stop();
	}

	/** The bound on this server's bcrypt checks, shared by its user files. */
	PasswordChecks passwordChecks() {
		return passwordChecks;
	}

	HeldSlots held() {
		return held;
	}

	public TrustedProxies trustedProxies() {
		return trustedProxies;
	}

	/**
	 * The guard of a location.
	 * @throws IllegalArgumentException naming the setting when one does not hold
	 */
	public LocationGuard forLocation(VirtualServer server, Location location) {
		return LocationGuard.build(server, location, this);
	}

	/** The guard of a virtual server's handler routes: its access rules and headers. */
	public LocationGuard forServer(VirtualServer server) {
		return LocationGuard.build(server, null, this);
	}

	ServerConfig config() {
		return config;
	}

	/**
	 * Where refusals are told: the configured listener, its failures logged, not thrown.
	 */
	ServerEvents events() {
		return events;
	}

	/** The table of a zone the server declares (VirtualServer checked it exists). */
	synchronized RateZone rateZone(VirtualServer server, String name) {
		LimitZone zone = zone(server, name);
		return (RateZone) zones.computeIfAbsent(server.name() + "/" + name,
				key -> new RateZone(zone.milliRequestsPerSecond(), zone.size()));
	}

	synchronized ConnectionZone connectionZone(VirtualServer server, String name) {
		LimitZone zone = zone(server, name);
		return (ConnectionZone) zones.computeIfAbsent(server.name() + "/" + name,
				key -> new ConnectionZone(zone.size()));
	}

	private static LimitZone zone(VirtualServer server, String name) {
		return server.limitZones()
			.stream()
			.filter(zone -> zone.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no zone '" + name + "' in server " + server.name()));
	}

	synchronized UserFile userFile(Path path) {
		UserFile file = userFiles.get(path);
		if (file == null) {
			file = UserFile.load(path);
			userFiles.put(path, file);
		}
		return file;
	}

}
