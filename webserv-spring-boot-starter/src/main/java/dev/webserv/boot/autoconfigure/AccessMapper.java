package dev.webserv.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.config.AccessRule;
import dev.webserv.config.AddHeader;
import dev.webserv.config.Cidr;
import dev.webserv.config.Expires;
import dev.webserv.config.LimitConn;
import dev.webserv.config.LimitReq;
import dev.webserv.config.LimitZone;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;

/**
 * Maps the header, access, authentication and rate-limit properties onto the core
 * builders, failing start-up with the property that does not hold. A user file's lines
 * are checked by the core when the server is built (the failure names file and line).
 */
final class AccessMapper {

	private AccessMapper() {
	}

	static void server(String prefix, VirtualServerProperties server, VirtualServer.Builder builder) {
		builder.access(rules(prefix + ".access", server.getAccess()));
		builder.addHeaders(headers(prefix + ".add-headers", server.getAddHeaders()));
		checkZones(prefix, server);
		for (Map.Entry<String, AccessProperties.Zone> zone : server.getLimitReqZones().entrySet()) {
			String property = prefix + ".limit-req-zones[" + zone.getKey() + "]";
			AccessProperties.Zone value = zone.getValue();
			builder.limitZone(valid(property, value.getRate(),
					() -> LimitZone.requests(zone.getKey(), value.getRate(), value.getSize())));
		}
		for (Map.Entry<String, AccessProperties.Zone> zone : server.getLimitConnZones().entrySet()) {
			String property = prefix + ".limit-conn-zones[" + zone.getKey() + "]";
			if (zone.getValue().getRate() != null) {
				throw new InvalidConfigurationPropertyValueException(property + ".rate", zone.getValue().getRate(),
						"a connection zone has no rate (limit-req-zones have one)");
			}
			builder.limitZone(valid(property, zone.getValue().getSize(),
					() -> LimitZone.connections(zone.getKey(), zone.getValue().getSize())));
		}
	}

	/** Every zone a location names is declared by its server, of the right kind. */
	private static void checkZones(String prefix, VirtualServerProperties server) {
		for (int j = 0; j < server.getLocations().size(); j++) {
			LocationProperties location = server.getLocations().get(j);
			String at = prefix + ".locations[" + j + "]";
			if (location.getLimitReq() != null
					&& !server.getLimitReqZones().containsKey(location.getLimitReq().getZone())) {
				throw new InvalidConfigurationPropertyValueException(at + ".limit-req.zone",
						location.getLimitReq().getZone(), "no such zone in " + prefix + ".limit-req-zones");
			}
			if (location.getLimitConn() != null
					&& !server.getLimitConnZones().containsKey(location.getLimitConn().getZone())) {
				throw new InvalidConfigurationPropertyValueException(at + ".limit-conn.zone",
						location.getLimitConn().getZone(), "no such zone in " + prefix + ".limit-conn-zones");
			}
		}
	}

	static void location(String prefix, LocationProperties location, Location.Builder builder) {
		builder.access(rules(prefix + ".access", location.getAccess()));
		builder.addHeaders(headers(prefix + ".add-headers", location.getAddHeaders()));
		if (location.getExpires() != null) {
			valid(prefix + ".expires", location.getExpires(), () -> Expires.parse(location.getExpires()));
			builder.expires(location.getExpires());
		}
		AccessProperties.AuthBasic auth = location.getAuthBasic();
		if (auth != null) {
			if (auth.getUserFile() == null) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".auth-basic.user-file", null,
						"a user file (htpasswd) is needed");
			}
			Path file = UserFiles.resolve(prefix + ".auth-basic.user-file", auth.getUserFile());
			if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".auth-basic.user-file",
						auth.getUserFile(), "not a readable file (its lines are checked when the server is built)");
			}
			valid(prefix + ".auth-basic.realm", auth.getRealm(), () -> builder.authBasic(auth.getRealm(), file));
		}
		AccessProperties.LimitReq req = location.getLimitReq();
		if (req != null) {
			builder.limitReq(valid(prefix + ".limit-req", req.getZone(),
					() -> new LimitReq(req.getZone(), req.getBurst(), req.isNodelay(), req.getStatus())));
		}
		AccessProperties.LimitConn conn = location.getLimitConn();
		if (conn != null) {
			builder.limitConn(valid(prefix + ".limit-conn", conn.getZone(),
					() -> new LimitConn(conn.getZone(), conn.getMax(), conn.getStatus())));
		}
	}

	static List<String> trustedProxies(String property, List<String> blocks) {
		for (int i = 0; i < blocks.size(); i++) {
			String block = blocks.get(i);
			valid(property + "[" + i + "]", block, () -> Cidr.parse(block));
		}
		return blocks;
	}

	private static List<String> rules(String property, List<String> rules) {
		for (int i = 0; i < rules.size(); i++) {
			String rule = rules.get(i);
			valid(property + "[" + i + "]", rule, () -> AccessRule.parse(rule));
		}
		return rules;
	}

	private static List<AddHeader> headers(String property, List<AccessProperties.AddHeader> headers) {
		return headers.stream()
			.map(header -> valid(property, header.getName(),
					() -> new AddHeader(header.getName(), header.getValue(), header.isAlways())))
			.toList();
	}

	private static <T> T valid(String property, Object value, Supplier<T> make) {
		try {
			return make.get();
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
		}
	}

}
