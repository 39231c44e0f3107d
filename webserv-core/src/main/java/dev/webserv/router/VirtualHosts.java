package dev.webserv.router;

import java.util.List;

/**
 * The virtual servers sharing one listen address, chosen by Host as nginx chooses: an
 * exact name, then the longest "*.suffix", then the longest "prefix.*", else the first
 * server of the address (its default).
 */
public final class VirtualHosts {

	private final List<ServerRoutes> servers;

	public VirtualHosts(List<ServerRoutes> servers) {
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("a listen address needs at least one server");
		}
		this.servers = List.copyOf(servers);
	}

	public ServerRoutes select(String host) {
		if (host == null || servers.size() == 1) {
			return servers.get(0);
		}
		for (ServerRoutes server : servers) {
			if (server.server().serverNames().contains(host)) {
				return server;
			}
		}
		ServerRoutes best = null;
		int bestLength = -1;
		for (ServerRoutes server : servers) {
			for (String name : server.server().serverNames()) {
				if (name.startsWith("*.") && host.endsWith(name.substring(1)) && name.length() > bestLength) {
					best = server;
					bestLength = name.length();
				}
			}
		}
		if (best != null) {
			return best;
		}
		for (ServerRoutes server : servers) {
			for (String name : server.server().serverNames()) {
				if (name.endsWith(".*") && host.startsWith(name.substring(0, name.length() - 1))
						&& name.length() > bestLength) {
					best = server;
					bestLength = name.length();
				}
			}
		}
		return best != null ? best : servers.get(0);
	}

	public List<ServerRoutes> servers() {
		return servers;
	}

}
