package dev.webserv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;

class ConfigChecksTest {

	private static final Handler OK = Handler.nonBlocking(request -> Response.ok("ok"));

	@Test
	void twoLocationsWithTheSamePathFailNamingBoth() {
		ConfigException e = refused(s -> s.location(Location.builder("/a").build())
			.location(Location.builder("/b").build())
			.location(Location.builder("/a").autoindex(true).build()));
		assertThat(e.getMessage()).contains("servers[0].locations[0] and servers[0].locations[2]")
			.contains("duplicate location /a");
		assertThat(e.setting()).isEqualTo("servers[0].locations[2].path");
	}

	@Test
	void anExactLocationAndAPrefixLocationMayShareAPath() {
		accepted(s -> s.location(Location.builder("/a").build()).location(Location.builder("/a").exact(true).build()));
		assertThat(refused(s -> s.location(Location.builder("/a").exact(true).build())
			.location(Location.builder("/a").exact(true).build())).getMessage()).contains("duplicate location = /a");
	}

	@Test
	void aMethodNothingInTheLocationServesFailsNamingIt() {
		ConfigException post = refused(s -> s.root(Path.of("www"))
			.location(Location.builder("/").build())
			.location(Location.builder("/form").methods("GET", "POST").build()));
		assertThat(post.setting()).isEqualTo("servers[0].locations[1].methods");
		assertThat(post.getMessage()).contains("location /form").contains("allows POST").contains("upload-dir");
		assertThat(refused(s -> s.location(Location.builder("/").methods("PUT").build())).getMessage())
			.contains("allows PUT");
		assertThat(refused(s -> s.location(Location.builder("/").methods("DELETE").build())).getMessage())
			.contains("allows DELETE");
		assertThat(refused(s -> s.root(Path.of("www")).location(Location.builder("/").methods("PATCH").build()))
			.getMessage()).contains("allows PATCH");
	}

	@Test
	void methodsAnUploadDirCgiAHandlerARedirectOrFilesServeAreAccepted() {
		accepted(s -> s
			.location(Location.builder("/up").methods("GET", "POST", "PUT", "DELETE").uploadDir(Path.of("u")).build()));
		accepted(s -> s.root(Path.of("www"))
			.location(Location.builder("/cgi").methods("GET", "POST", "PATCH").cgi(".sh", "sh").build()));
		accepted(s -> s.location(Location.builder("/api").methods("POST", "PATCH").handler(OK).build()));
		accepted(s -> s.location(Location.builder("/old").methods("POST").redirect(308, "/new").build()));
		accepted(s -> s.root(Path.of("www"))
			.location(Location.builder("/").methods("GET", "HEAD", "OPTIONS", "DELETE").build()));
	}

	@Test
	void twoServersClaimingOneNameOnOneAddressFail() {
		ServerConfig.Builder config = ServerConfig.builder()
			.server(VirtualServer.builder().listen("127.0.0.1:18080").serverNames("a.test", "b.test").build())
			.server(VirtualServer.builder().listen("127.0.0.1:18081", "127.0.0.1:18080").serverNames("B.test").build());
		ConfigException e = catchThrowableOfType(config::build, ConfigException.class);
		assertThat(e.getMessage()).isEqualTo("servers[0] and servers[1] both claim 'b.test' on 127.0.0.1:18080");
		assertThat(e.setting()).isEqualTo("servers[1].server-names");
	}

	@Test
	void twoServersWithoutNamesOnOneAddressFailAsTheSecondCouldNeverBeReached() {
		ServerConfig.Builder config = ServerConfig.builder()
			.server(VirtualServer.builder().listen("8080").build())
			.server(VirtualServer.builder().listen("*:8080").build());
		assertThat(catchThrowableOfType(config::build, ConfigException.class).getMessage())
			.contains("both answer any host");
	}

	@Test
	void serversMayShareAnAddressUnderDifferentNamesAndPortZeroIsEachServersOwn() {
		assertThatNoException().isThrownBy(() -> ServerConfig.builder()
			.server(VirtualServer.builder().listen("127.0.0.1:18080").serverNames("a.test").build())
			.server(VirtualServer.builder().listen("127.0.0.1:18080").serverNames("b.test").build())
			.server(VirtualServer.builder().listen("127.0.0.1:0").build())
			.server(VirtualServer.builder().listen("127.0.0.1:0").build())
			.build());
	}

	private static ConfigException refused(Consumer<VirtualServer.Builder> server) {
		VirtualServer.Builder builder = VirtualServer.builder().listen("127.0.0.1:0");
		server.accept(builder);
		ServerConfig.Builder config = ServerConfig.builder().server(builder.build());
		ConfigException e = catchThrowableOfType(config::build, ConfigException.class);
		assertThat(e).as("a ConfigException").isNotNull();
		return e;
	}

	private static void accepted(Consumer<VirtualServer.Builder> server) {
		VirtualServer.Builder builder = VirtualServer.builder().listen("127.0.0.1:0");
		server.accept(builder);
		assertThatNoException().isThrownBy(() -> ServerConfig.builder().server(builder.build()).build());
	}

}
