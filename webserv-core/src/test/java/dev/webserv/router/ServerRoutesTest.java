package dev.webserv.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import java.util.List;
import java.util.LinkedHashSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Methods;
import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.config.Route;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.handler.LocationHandler;
import dev.webserv.runtime.ServerRuntime;

class ServerRoutesTest {

	@TempDir
	Path root;

	@Test
	void answersAnAllowedMethodTheDispatchHasNoHandlerForWith405AndAllow() throws Exception {
		VirtualServer server = VirtualServer.builder()
			.listen("127.0.0.1:0")
			.location(Location.builder("/").build())
			.build();
		Set<String> allowed = new LinkedHashSet<>(List.of("GET", "POST", "HEAD", "OPTIONS"));
		ServerRoutes routes = new ServerRoutes(server, config(server), location -> new LocationDispatch() {

			@Override
			public Set<String> allowedMethods() {
				return allowed;
			}

			@Override
			public Handler select(String method, String path) {
				return null;
			}

		});

		Response response = routes.match("POST", "/index.html").handler().handle(null);

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.headers().get("Allow")).isEqualTo("GET, POST, HEAD, OPTIONS");
	}

	@Test
	void answersAMethodOutsideTheLocationWith405AndOptionsWith204() throws Exception {
		ServerRoutes routes = routes(VirtualServer.builder().location(Location.builder("/").build()));

		Response delete = routes.match("DELETE", "/a").handler().handle(null);
		Response options = routes.match("OPTIONS", "/a").handler().handle(null);

		assertThat(delete.status()).isEqualTo(405);
		assertThat(delete.headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		assertThat(options.status()).isEqualTo(204);
		assertThat(options.headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS");
	}

	@Test
	void answersOptionsAsteriskWithWhatTheServerAllows() throws Exception {
		ServerRoutes staticOnly = routes(VirtualServer.builder().location(Location.builder("/").build()));
		ServerRoutes anyMethod = routes(VirtualServer.builder()
			.location(Location.builder("/").build())
			.route(Route.any("/any", request -> Response.noContent())));

		Response response = staticOnly.match("OPTIONS", "*").handler().handle(null);

		assertThat(response.status()).isEqualTo(204);
		assertThat(response.headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		assertThat(anyMethod.match("OPTIONS", "*").handler().handle(null).headers().get("Allow"))
			.isEqualTo(String.join(", ", Methods.SERVED))
			.doesNotContain("CONNECT");
	}

	@Test
	void answersARouteCalledWithAnotherMethodWith405ListingItsMethods() throws Exception {
		Handler handler = request -> Response.ok("created");
		ServerRoutes routes = routes(VirtualServer.builder().route("POST", "/users/{id}", handler));

		Target wrong = routes.match("GET", "/users/7");
		Target right = routes.match("POST", "/users/7");

		assertThat(wrong.handler().handle(null).status()).isEqualTo(405);
		assertThat(wrong.handler().handle(null).headers().get("Allow")).isEqualTo("OPTIONS, POST");
		assertThat(right.handler()).isSameAs(handler);
		assertThat(right.pathVariables()).containsEntry("id", "7");
	}

	@Test
	void asksTheDispatchForEachLocationOnce() {
		VirtualServer server = VirtualServer.builder()
			.listen("127.0.0.1:0")
			.root(root)
			.location(Location.builder("/").build())
			.location(Location.builder("/a").build())
			.build();
		java.util.List<String> asked = new java.util.ArrayList<>();

		new ServerRoutes(server, config(server), location -> {
			asked.add(location.path());
			return new LocationHandler(server, location, new ServerRuntime(config(server), () -> {
			}), null);
		});

		assertThat(asked).containsExactly("/", "/a");
	}

	@Test
	void refusesAMethodItDoesNotServe() {
		assertThatThrownBy(() -> Location.builder("/").methods("GET", "CONNECT").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("location / methods")
			.hasMessageContaining("'CONNECT'");
		assertThatThrownBy(() -> VirtualServer.builder().route("fetch", "/x", request -> Response.ok("x")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("route /x methods");
	}

	private ServerRoutes routes(VirtualServer.Builder builder) {
		VirtualServer server = builder.listen("127.0.0.1:0").root(root).build();
		ServerConfig config = config(server);
		ServerRuntime runtime = new ServerRuntime(config, () -> {
		});
		return new ServerRoutes(server, config, location -> new LocationHandler(server, location, runtime, null));
	}

	private static ServerConfig config(VirtualServer server) {
		return ServerConfig.builder().server(server).build();
	}

}
