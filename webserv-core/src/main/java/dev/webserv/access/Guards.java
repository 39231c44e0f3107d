package dev.webserv.access;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.webserv.config.LimitZone;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * What one running server shares among its locations' guards: the trusted proxies, the
 * limit zones (one table per zone a virtual server declares) and the user files (one per
 * path). Built with the server's runtime, so two servers share nothing.
 */
public final class Guards {

	private final ServerConfig config;

	private final TrustedProxies trustedProxies;

	private final Map<String, Object> zones = new HashMap<>();

	private final Map<Path, UserFile> userFiles = new HashMap<>();

	public Guards(ServerConfig config) {
		this.config = config;
		this.trustedProxies = TrustedProxies.parse(config.trustedProxies(), "trusted-proxies");
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
