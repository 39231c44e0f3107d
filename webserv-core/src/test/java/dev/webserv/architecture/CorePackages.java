package dev.webserv.architecture;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;

/**
 * The core's packages as the architecture tests see them: which are public API, which are
 * internal machinery, and which other core packages each may use. The package javadoc
 * ({@code package-info.java}) says the same in words.
 */
final class CorePackages {

	static final String ROOT = "dev.webserv";

	/**
	 * The public API: what a user of the core (and the starter) may name. The root here
	 * means its API types ({@code Handler}, {@code Request}, {@code Response},
	 * {@code Headers}, {@code Status}, {@code Methods}, ...); {@link #COMPOSITION_ROOT}
	 * is public too, but builds the server from every package.
	 */
	static final List<String> API = List.of("api", "config", "events");

	/**
	 * Machinery public only so that other core packages (and nothing else) can wire it.
	 */
	static final List<String> INTERNAL = List.of("access", "accesslog", "cgi", "compression", "connection", "eventloop",
			"files", "handler", "listener", "parser", "proxyprotocol", "router", "runtime", "tls", "writer");

	/** Shows how to run the core without Spring; nothing depends on it. */
	static final String EXAMPLE = "example";

	/** The class that assembles a running server and so may use every package. */
	static final String COMPOSITION_ROOT = "dev.webserv.Webserv";

	/** The other core packages each package may use ("api" is the root's API types). */
	static final Map<String, Set<String>> MAY_USE = Map.ofEntries(Map.entry("api", Set.of("config", "events")),
			Map.entry("config", Set.of("api", "events")), Map.entry("events", Set.of("api")),
			Map.entry("parser", Set.of("api")), Map.entry("writer", Set.of("api")),
			Map.entry("eventloop", Set.of("api")), Map.entry("listener", Set.of("api", "config", "eventloop")),
			Map.entry("router", Set.of("api", "compression", "config")),
			Map.entry("files", Set.of("api", "config", "writer")), Map.entry("cgi", Set.of("api", "config", "files")),
			Map.entry("access", Set.of("api", "config", "events")),
			Map.entry("accesslog", Set.of("api", "config", "events")),
			Map.entry("compression", Set.of("api", "config", "files")),
			Map.entry("runtime", Set.of("api", "access", "accesslog", "config", "events", "cgi", "writer")),
			Map.entry("handler",
					Set.of("api", "access", "compression", "config", "files", "cgi", "router", "parser", "runtime")),
			Map.entry("proxyprotocol", Set.of()),
			Map.entry("tls", Set.of("api", "config", "events", "eventloop", "listener", "router")),
			Map.entry("connection",
					Set.of("api", "access", "config", "events", "eventloop", "listener", "parser", "router", "handler",
							"files", "proxyprotocol", "runtime", "tls", "writer")),
			Map.entry(EXAMPLE, Set.of("api", "config")));

	private CorePackages() {
	}

	/**
	 * The core package a class belongs to ("api" for the root's API types), or null for
	 * the composition root and for classes outside the core.
	 */
	static String of(JavaClass type) {
		JavaClass outer = type.isArray() ? type.getBaseComponentType() : type;
		while (outer.getEnclosingClass().isPresent()) {
			outer = outer.getEnclosingClass().get();
		}
		String name = outer.getName();
		String pkg = outer.getPackageName();
		if (name.equals(COMPOSITION_ROOT)) {
			return null;
		}
		if (pkg.equals(ROOT)) {
			return "api";
		}
		if (!pkg.startsWith(ROOT + ".")) {
			return null;
		}
		String rest = pkg.substring(ROOT.length() + 1);
		int dot = rest.indexOf('.');
		return dot < 0 ? rest : rest.substring(0, dot);
	}

}
