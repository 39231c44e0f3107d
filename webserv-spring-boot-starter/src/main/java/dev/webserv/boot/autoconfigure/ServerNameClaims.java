package dev.webserv.boot.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.config.ListenAddress;

/**
 * Checks that no two servers claim the same name on the same address, as nginx warns
 * about a "conflicting server name". A server without names claims the empty name, so two
 * catch-all servers on one address clash too: the second could never be reached. Port 0
 * is exempt: the core gives each server its own ephemeral port.
 */
final class ServerNameClaims {

	private final Map<String, String> claims = new HashMap<>();

	void check(List<VirtualServerProperties> servers, List<List<ListenAddress>> listens) {
		for (int i = 0; i < servers.size(); i++) {
			String prefix = "webserv.servers[" + i + "]";
			VirtualServerProperties server = servers.get(i);
			List<String> names = server.getServerNames().isEmpty() ? List.of("") : server.getServerNames();
			for (ListenAddress address : listens.get(i)) {
				for (String name : names) {
					claim(prefix, address, name.toLowerCase(Locale.ROOT));
				}
			}
		}
	}

	private void claim(String prefix, ListenAddress address, String name) {
		if (address.port() == 0) {
			return; // each server's port 0 is a listener of its own
		}
		String key = address + " " + name;
		String earlier = claims.putIfAbsent(key, prefix);
		if (earlier != null && !earlier.equals(prefix)) {
			String what = name.isEmpty() ? "both answer any host (no server-names)" : "both claim '" + name + "'";
			throw new InvalidConfigurationPropertyValueException(prefix + ".server-names", name,
					earlier + " and " + prefix + " " + what + " on " + address);
		}
	}

}
