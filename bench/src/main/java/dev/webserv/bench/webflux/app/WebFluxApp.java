package dev.webserv.bench.webflux.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.webserv.bench.servers.Hello;

/**
 * One WebFlux application, run on webserv or on Reactor Netty with one event loop: a
 * functional route {@code GET /hello} (13 bytes of text/plain) and an annotated
 * controller {@code GET /json} ({@code {"message":"Hello, World!"}}), server-sent events
 * {@code GET /sse} (one shared ticker, an event every {@code bench.sse.interval-ms}, 100
 * by default, to every subscriber), plus {@code GET /alloc}, the bytes the JVM's threads
 * have allocated so far (run.sh reads it before and after a load to report allocation per
 * request). Arguments: port, {@code webserv|netty}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class WebFluxApp {

	public static void main(String[] args) {
		int port = Hello.port(args);
		String server = (args.length > 1) ? args[1] : "webserv";
		Map<String, Object> properties = new HashMap<>(Map.of("server.port", port, "server.address", Hello.HOST,
				"spring.main.banner-mode", "off", "logging.level.root", "warn"));
		switch (server) {
			case "webserv" -> properties.putAll(Map.of("webserv.io-threads", 1, "webserv.server-header", "webserv",
					"webserv.limits.max-connections", 20_000, "webserv.limits.backlog", 1024,
					"webserv.limits.max-requests-per-connection", 0, "webserv.timeouts.idle", "10m"));
			case "netty" -> {
				// both servers are on the bench class path: keep webserv's starter out
				properties.put("webserv.enabled", false);
				System.setProperty("reactor.netty.ioWorkerCount", "1");
			}
			default -> throw new IllegalArgumentException("server must be webserv or netty: " + server);
		}
		SpringApplication application = new SpringApplication(WebFluxApp.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setDefaultProperties(properties);
		application.run();
		System.out.println("webflux on " + server + " listening on http://" + Hello.HOST + ":" + port + "/");
	}

	@Bean
	RouterFunction<ServerResponse> hello() {
		String body = "Hello, World!";
		return RouterFunctions.route()
			.GET("/hello", (request) -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(body))
			.build();
	}

	/** The annotated controller: JSON through Jackson. */
	@RestController
	static class JsonController {

		@GetMapping("/json")
		Message json() {
			return new Message("Hello, World!");
		}

		/**
		 * Bytes allocated so far by every thread, or with {@code ?thread=} by the live
		 * threads whose names hold that text (the event loop's alone, say).
		 */
		@GetMapping("/alloc")
		String allocated(@RequestParam(required = false) String thread) {
			var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
			if (thread == null) {
				return Long.toString(threads.getTotalThreadAllocatedBytes());
			}
			long total = 0;
			for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				if (info != null && info.getThreadName().contains(thread)) {
					total += threads.getThreadAllocatedBytes(info.getThreadId());
				}
			}
			return Long.toString(total);
		}

	}

	record Message(String message) {
	}

	/** Server-sent events: every subscriber gets the one shared ticker's events. */
	@RestController
	static class EventsController {

		private final Ticker ticker;

		EventsController(Ticker ticker) {
			this.ticker = ticker;
		}

		@GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<String>> events() {
			return ticker.events();
		}

	}

	@Bean
	Ticker ticker(@Value("${bench.sse.interval-ms:100}") long intervalMillis) {
		return new Ticker(Duration.ofMillis(intervalMillis));
	}

	/**
	 * Publishes an event every interval to whoever subscribed, its data
	 * {@code "<sequence> <epoch microseconds>"} (the time it was published, for the
	 * client's latency). A subscriber without demand misses the event (the client counts
	 * the gap) rather than holding the others back.
	 */
	static final class Ticker implements DisposableBean {

		private final Sinks.Many<ServerSentEvent<String>> sink = Sinks.many().multicast().directBestEffort();

		private final Disposable ticking;

		Ticker(Duration interval) {
			this.ticking = Flux.interval(interval).subscribe((sequence) -> {
				Instant now = Instant.now();
				long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
				sink.tryEmitNext(ServerSentEvent.builder(sequence + " " + micros).build());
			});
		}

		Flux<ServerSentEvent<String>> events() {
			return sink.asFlux();
		}

		@Override
		public void destroy() {
			ticking.dispose();
		}

	}

}
