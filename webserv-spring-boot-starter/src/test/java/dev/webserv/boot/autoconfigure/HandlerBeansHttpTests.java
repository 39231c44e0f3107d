package dev.webserv.boot.autoconfigure;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.boot.ResultHandler;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservRoute;
import dev.webserv.boot.WebservStartedEvent;
import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = HandlerBeansHttpTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=none", "server.address=127.0.0.1", "webserv.io-threads=1",
				"webserv.servers[0].name=public", "webserv.servers[0].root=src/test/resources/www",
				"webserv.servers[0].error-pages.404=/errors/404.html", "webserv.servers[0].locations[0].path=/old",
				"webserv.servers[0].locations[0].redirect.status=301",
				"webserv.servers[0].locations[0].redirect.location=/api/hello",
				"webserv.servers[0].locations[1].path=/hooks", "webserv.servers[0].locations[1].handler=hookHandler",
				"webserv.servers[0].locations[1].methods=POST", "webserv.servers[0].locations[2].path=/",
				"webserv.servers[0].locations[2].index=hello.txt", "webserv.servers[0].locations[3].path=/uploads",
				"webserv.servers[0].locations[3].upload-dir=target/test-uploads",
				"webserv.servers[0].locations[3].autoindex=true", "webserv.servers[0].locations[4].path=/cgi-bin",
				"webserv.servers[0].locations[4].cgi.py=python3", "webserv.servers[1].name=admin",
				"webserv.servers[1].listen=127.0.0.1:0" })
class HandlerBeansHttpTests {

	@LocalServerPort
	int port;

	@Value("${local.webserv.servers.admin.port}")
	int adminPort;

	@Autowired
	WebservWebServer server;

	@Autowired
	App app;

	@Test
	void localServerPortIsThePrimaryListener() {
		assertThat(port).isPositive().isEqualTo(server.getPort()).isEqualTo(server.getPort("public"));
		assertThat(adminPort).isPositive().isNotEqualTo(port).isEqualTo(server.getPort("admin"));
	}

	@Test
	void publishesAStartedEvent() {
		assertThat(app.started).hasSize(1);
		assertThat(app.started.get(0).getPort()).isEqualTo(port);
		assertThat(app.started.get(0).getBoundAddresses()).hasSize(2);
	}

	@Test
	void pathVariablesReachAnAnnotatedBean() {
		var response = Http.get(port, "/api/users/42");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"id\":\"42\"}");
	}

	@Test
	void annotatedComponentAnswers() {
		var response = Http.get(port, "/api/component");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("from a component");
	}

	@Test
	void coreHandlerBeanAnswersOnTheEventLoop() {
		var response = Http.get(port, "/api/fast");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
		// the handler names the thread it ran on: an event loop's, not a worker's
		assertThat(response.body()).matches("fast on webserv-\\d+-loop-\\d+");
	}

	@Test
	void routesDslReturnsJsonStringsBytesFilesAndStreams() {
		var json = Http.get(port, "/api/hello?name=Ada");
		assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json.body()).isEqualTo("{\"message\":\"Hello, Ada\"}");
		var text = Http.send("POST", port, "/api/echo", "echo me");
		assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
		assertThat(text.body()).isEqualTo("echo me");
		var bytes = Http.get(port, "/api/bytes");
		assertThat(bytes.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(bytes.body()).isEqualTo("raw");
		var file = Http.get(port, "/api/file");
		assertThat(file.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(file.body()).contains("Custom 404");
		var stream = Http.get(port, "/api/stream");
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.body()).isEqualTo("streamed");
		var none = Http.send("DELETE", port, "/api/users/1", "");
		assertThat(none.statusCode()).isEqualTo(204);
	}

	@Test
	void wrongMethodGets405WithAllow() {
		var response = Http.send("PUT", port, "/api/hello", "");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow").orElse("")).contains("GET");
	}

	@Test
	void unknownPathGetsTheServersErrorPage() {
		var response = Http.get(port, "/no/such/thing");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("Custom 404");
	}

	@Test
	void redirectLocationAnswersWithLocation() {
		var response = Http.get(port, "/old/page");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue("/api/hello");
	}

	@Test
	void locationHandlerBeanAnswersItsLocation() {
		var response = Http.send("POST", port, "/hooks/deploy", "{}");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("hook /hooks/deploy");
		assertThat(Http.get(port, "/hooks/deploy").statusCode()).isEqualTo(405);
	}

	@Test
	void staticLocationServesFilesFromTheRoot() {
		var file = Http.get(port, "/hello.txt");
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		assertThat(file.body()).isEqualTo("static hello\n");
		assertThat(Http.get(port, "/").body()).isEqualTo("static hello\n");
	}

	@Test
	void uploadLocationStoresListsAndDeletes() throws Exception {
		java.nio.file.Files.deleteIfExists(Path.of("target/test-uploads/note.txt"));
		var created = Http.send("PUT", port, "/uploads/note.txt", "uploaded");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(java.nio.file.Files.readString(Path.of("target/test-uploads/note.txt"))).isEqualTo("uploaded");
		assertThat(Http.get(port, "/uploads/").body()).contains("note.txt");
		assertThat(Http.get(port, "/uploads/note.txt").body()).isEqualTo("uploaded");
		assertThat(Http.send("DELETE", port, "/uploads/note.txt", "").statusCode()).isEqualTo(204);
		assertThat(Http.get(port, "/uploads/note.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void cgiLocationRunsAScript() {
		var response = Http.get(port, "/cgi-bin/hi.py");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hi from /cgi-bin/hi.py");
	}

	@Test
	void routesNamingAServerGoOnlyThere() {
		assertThat(Http.get(adminPort, "/admin/status").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(Http.get(port, "/admin/status").statusCode()).isEqualTo(404);
		assertThat(Http.get(adminPort, "/api/users/7").statusCode()).isEqualTo(200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ComponentHandler.class)
	static class App implements ApplicationListener<WebservStartedEvent> {

		final List<WebservStartedEvent> started = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(WebservStartedEvent event) {
			started.add(event);
		}

		@Bean
		@WebservRoute(path = "/api/users/{id}", methods = "GET")
		ResultHandler user() {
			return request -> Map.of("id", request.pathVariable("id"));
		}

		@Bean
		@WebservRoute(path = "/api/users/{id}", methods = "DELETE")
		ResultHandler deleteUser() {
			return request -> null;
		}

		@Bean
		@WebservRoute(path = "/api/fast", methods = "GET")
		Handler fast() {
			return Handler.nonBlocking(request -> Response.ok("fast on " + Thread.currentThread().getName()));
		}

		@Bean
		ResultHandler hookHandler() {
			return request -> Response.status(202).body("hook " + request.path());
		}

		@Bean
		Routes apiRoutes() throws Exception {
			Path page = Path.of("src/test/resources/www/errors/404.html");
			return Routes.builder()
				.get("/api/hello", request -> Map.of("message", "Hello, " + request.queryParameter("name")))
				.post("/api/echo", request -> request.body().string())
				.get("/api/bytes", request -> "raw".getBytes(StandardCharsets.UTF_8))
				.get("/api/file", request -> page)
				.get("/api/stream", request -> new ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8)))
				.build();
		}

		@Bean
		Routes adminRoutes() {
			return Routes.builder().servers("admin").get("/admin/status", request -> Map.of("status", "UP")).build();
		}

	}

	@Component
	@WebservRoute(path = "/api/component", methods = { "GET" }, servers = "public")
	static class ComponentHandler implements ResultHandler {

		@Override
		public Object handle(Request request) {
			return "from a component";
		}

	}

}
