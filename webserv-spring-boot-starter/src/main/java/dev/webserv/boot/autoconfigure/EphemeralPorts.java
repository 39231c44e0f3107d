package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.webserv.config.ListenAddress;

/**
 * Gives every server its own port where several servers ask for port 0 on the same host, as Boot gives
 * server.port=0 and management.server.port=0 two ports. The core shares one listener between equal listen
 * addresses (virtual hosts), so the second and later "host:0" are replaced by a port found free now. The
 * first keeps port 0 and is bound by the core without any race.
 */
final class EphemeralPorts {

	private final Set<ListenAddress> used = new HashSet<>();

	List<ListenAddress> distinct(List<ListenAddress> addresses) {
		List<ListenAddress> distinct = new ArrayList<>();
		for (ListenAddress address : addresses) {
			if (address.port() != 0 || used.add(address) || distinct.contains(address)) {
				distinct.add(address);
			}
			else {
				distinct.add(new ListenAddress(address.host(), freePort(address)));
			}
		}
		return distinct;
	}

	private static int freePort(ListenAddress address) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(address.resolve());
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException("no free port on " + address, e);
		}
	}
}
