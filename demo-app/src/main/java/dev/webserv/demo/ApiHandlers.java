package dev.webserv.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.webserv.Response;
import dev.webserv.boot.Routes;

/**
 * The public API, declared with the {@link Routes} DSL and mounted on the "public" server
 * only.
 */
@Configuration(proxyBeanMethods = false)
class ApiHandlers {

	/** Longest sleep /api/slow accepts, so a request cannot hold a worker for long. */
	static final long MAX_SLEEP_MILLIS = 10_000;

	@Bean
	Routes apiRoutes() {
		return Routes.builder()
			.servers("public")
			// a record, written as JSON by the application's Jackson mapper
			.get("/api/hello", request -> new Greeting("Hello, " + nameOf(request.queryParameter("name")) + "!"))
			// the body back, with the type it came with; a Response gives full control
			.post("/api/echo",
					request -> Response.status(200)
						.contentType(contentTypeOr(request.header("Content-Type")))
						.body(request.body().bytes()))
			// blocking is fine: handlers run on worker threads (virtual threads on Java
			// 21+ when enabled)
			.get("/api/slow", request -> {
				long millis = Math.min(MAX_SLEEP_MILLIS, parse(request.queryParameter("ms"), 1000));
				Thread.sleep(millis);
				return new Slept(millis);
			})
			.build();
	}

	private static String nameOf(String name) {
		return name == null || name.isBlank() ? "World" : name;
	}

	private static String contentTypeOr(String type) {
		return type != null ? type : "application/octet-stream";
	}

	private static long parse(String value, long fallback) {
		try {
			return value == null ? fallback : Math.max(0, Long.parseLong(value));
		}
		catch (NumberFormatException e) {
			return fallback;
		}
	}

	record Greeting(String message) {
	}

	record Slept(long sleptMillis) {
	}

}
