package dev.webserv.boot.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * The listeners a configuration asks the core for, in the order the core binds them: one
 * per distinct address, shared by the servers that list it, except that an ephemeral
 * address ("host:0") is each server's own.
 */
final class ConfiguredListeners {

	private ConfiguredListeners() {
	}

	/**
	 * @param address the address as configured
	 * @param servers the names of the servers answering on it
	 */
	record ConfiguredListener(ListenAddress address, List<String> servers) {
	}

	static List<ConfiguredListener> of(ServerConfig config) {
		Map<String, ConfiguredListener> byKey = new LinkedHashMap<>();
		List<VirtualServer> servers = config.servers();
		for (int i = 0; i < servers.size(); i++) {
			for (ListenAddress address : servers.get(i).listen()) {
				String key = address + (address.port() == 0 ? "#" + i : "");
				byKey.computeIfAbsent(key, unused -> new ConfiguredListener(address, new ArrayList<>()))
					.servers()
					.add(servers.get(i).name());
			}
		}
		return List.copyOf(byKey.values());
	}

}
