package dev.webserv.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.webserv.Handler;

/**
 * Routes declared in code: declare a bean of this type and every route in it is mounted.
 *
 * <pre>
 * &#64;Bean
 * Routes apiRoutes() {
 *     return Routes.builder()
 *         .get("/api/hello", request -&gt; Map.of("message", "Hello"))
 *         .post("/api/echo", request -&gt; request.body().string())
 *         .build();
 * }
 *
 * &#64;Bean
 * Routes adminRoutes() {
 *     return Routes.builder().servers("admin").get("/status", request -&gt; "up").build();
 * }
 * </pre>
 *
 * Handlers may return anything {@link WebservResponses#from(Object)} understands.
 */
public final class Routes {

	private final List<Definition> definitions;

	private Routes(List<Definition> definitions) {
		this.definitions = List.copyOf(definitions);
	}

	public static Builder builder() {
		return new Builder();
	}

	public List<Definition> definitions() {
		return definitions;
	}

	/**
	 * One route.
	 *
	 * @param methods the methods; empty answers every method
	 * @param path the path template
	 * @param handler the handler
	 * @param servers server names to mount on; empty means every server
	 */
	public record Definition(Set<String> methods, String path, ResultHandler handler, List<String> servers) {

		public Definition {
			methods = Set.copyOf(methods);
			servers = List.copyOf(servers);
			if (path == null || !path.startsWith("/")) {
				throw new IllegalArgumentException("route path must start with '/': " + path);
			}
			if (handler == null) {
				throw new IllegalArgumentException("route " + path + " has no handler");
			}
		}

		/** "GET /api/users/{id}", for messages. */
		public String describe() {
			return (methods.isEmpty() ? "*" : String.join(",", methods)) + " " + path;
		}
	}

	/** Builds {@link Routes}; {@link #servers} applies to the routes added after it. */
	public static final class Builder {

		private final List<Definition> definitions = new ArrayList<>();

		private List<String> servers = List.of();

		private Builder() {
		}

		/**
		 * Mounts the routes added from now on only on these servers (empty: every
		 * server).
		 */
		public Builder servers(String... names) {
			this.servers = List.of(names);
			return this;
		}

		public Builder get(String path, ResultHandler handler) {
			return route(path, handler, "GET");
		}

		public Builder post(String path, ResultHandler handler) {
			return route(path, handler, "POST");
		}

		public Builder put(String path, ResultHandler handler) {
			return route(path, handler, "PUT");
		}

		public Builder patch(String path, ResultHandler handler) {
			return route(path, handler, "PATCH");
		}

		public Builder delete(String path, ResultHandler handler) {
			return route(path, handler, "DELETE");
		}

		/** A route for these methods; none means every method. */
		public Builder route(String path, ResultHandler handler, String... methods) {
			definitions.add(new Definition(new LinkedHashSet<>(Arrays.asList(methods)), path, handler, servers));
			return this;
		}

		/** A core {@link Handler}, keeping whether it blocks. */
		public Builder handler(String path, Handler handler, String... methods) {
			return route(path, ResultHandler.of(handler), methods);
		}

		public Routes build() {
			return new Routes(definitions);
		}

	}

}
