package dev.webserv.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Start-up checks across a whole configuration, run when a {@link ServerConfig} is built
 * (so a plain {@code main} and the starter get the same ones). Each failure is a
 * {@link ConfigException} naming the setting and, for a clash, both sides:
 * <ul>
 * <li>two locations of one server with the same path (and the same exactness): nginx's
 * "duplicate location";</li>
 * <li>a method in a location's {@code methods} that nothing there can serve: POST or PUT
 * without an upload dir, DELETE without files, any other method but GET, HEAD and
 * OPTIONS, unless a redirect, a handler or CGI answers the location. Such a method would
 * get 405 with an {@code Allow} naming it;</li>
 * <li>two servers claiming one name on one listen address (nginx's "conflicting server
 * name"); a server without names claims any host, so two of those clash too. Port 0 is
 * exempt: each server gets an ephemeral port of its own;</li>
 * <li>a location's class path root that does not exist, or that is combined with
 * autoindex, cgi or an upload dir (those need a directory on disk).</li>
 * </ul>
 */
final class ConfigChecks {

	private static final Set<String> ALWAYS_SERVED = Set.of("GET", "HEAD", "OPTIONS");

	private ConfigChecks() {
	}

	static void check(List<VirtualServer> servers) {
		for (int i = 0; i < servers.size(); i++) {
			checkLocations("servers[" + i + "]", servers.get(i));
		}
		checkServerNames(servers);
	}

	private static void checkLocations(String server, VirtualServer virtualServer) {
		Map<String, Integer> seen = new HashMap<>();
		List<Location> locations = virtualServer.locations();
		for (int j = 0; j < locations.size(); j++) {
			Location location = locations.get(j);
			String setting = server + ".locations[" + j + "]";
			Integer earlier = seen.putIfAbsent((location.exact() ? "= " : "") + location.path(), j);
			if (earlier != null) {
				throw new ConfigException(setting + ".path", server + ".locations[" + earlier + "] and " + setting
						+ ": duplicate location " + (location.exact() ? "= " : "") + location.path());
			}
			checkMethods(setting, location, virtualServer.root());
			checkClasspathRoot(setting, location);
		}
	}

	/** A class path root must exist and serves files only: no listing, CGI or uploads. */
	private static void checkClasspathRoot(String setting, Location location) {
		ClasspathRoot root = location.classpathRoot();
		if (root == null) {
			return;
		}
		if (!root.exists()) {
			throw new ConfigException(setting + ".root", setting + ": " + root.location()
					+ ": no such folder on the class path (for src/main/resources/static write classpath:/static/)");
		}
		String clash = location.autoindex() ? "autoindex"
				: !location.cgi().isEmpty() ? "cgi" : location.uploadDir() != null ? "upload-dir" : null;
		if (clash != null) {
			throw new ConfigException(setting + "." + clash,
					setting + ": a classpath root is read-only and has no " + "listings; " + clash
							+ " needs a directory on disk as root (cgi runs scripts from disk, "
							+ "not from the class path)");
		}
	}

	private static void checkMethods(String setting, Location location, Path serverRoot) {
		if (location.redirect() != null || location.handler() != null || !location.cgi().isEmpty()) {
			return; // these answer every method themselves
		}
		for (String method : location.methods()) {
			String missing = missing(method, location, serverRoot);
			if (missing != null) {
				throw new ConfigException(setting + ".methods", setting + " (location " + location.path() + ") allows "
						+ method + " but nothing there serves it: " + missing);
			}
		}
	}

	/** What the location lacks to serve the method, or null when it serves it. */
	private static String missing(String method, Location location, Path serverRoot) {
		if (ALWAYS_SERVED.contains(method)) {
			return null;
		}
		boolean uploads = location.uploadDir() != null;
		return switch (method) {
			case "POST", "PUT" -> uploads ? null : "it needs an upload-dir, cgi or a handler";
			case "DELETE" -> uploads || location.root() != null || serverRoot != null ? null
					: "it needs files (an upload-dir or a root), cgi or a handler";
			default -> "only a handler or cgi can answer " + method;
		};
	}

	private static void checkServerNames(List<VirtualServer> servers) {
		Map<String, Integer> claims = new HashMap<>();
		for (int i = 0; i < servers.size(); i++) {
			VirtualServer server = servers.get(i);
			List<String> names = server.serverNames().isEmpty() ? List.of("") : server.serverNames();
			for (ListenAddress address : server.listen()) {
				if (address.port() == 0) {
					continue; // each server's port 0 is a listener of its own
				}
				for (String name : names) {
					Integer earlier = claims.putIfAbsent(address + " " + name, i);
					if (earlier != null && earlier != i) {
						String what = name.isEmpty() ? "both answer any host (no server-names)"
								: "both claim '" + name + "'";
						throw new ConfigException("servers[" + i + "].server-names",
								"servers[" + earlier + "] and servers[" + i + "] " + what + " on " + address);
					}
				}
			}
		}
	}

}
