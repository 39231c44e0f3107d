package dev.webserv.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The body writer as a subscriber sees it, over real sockets: the parts of a streamed
 * body see the Reactor context of whoever writes them (as on Reactor Netty), each part is
 * subscribed once and written in order, and an empty part writes nothing.
 */
class ReactiveBodyWriterTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (webServer != null) {
			webServer.stop();
		}
	}

	@Test
	void thePartsOfAStreamedBodySeeTheWritersContext() throws Exception {
		int port = start((request, response) -> response
			.writeAndFlushWith(Flux.just(Mono
				.deferContextual(context -> Mono.just(text(response, context.getOrDefault("writer", "no context"))))))
			.contextWrite(Context.of("writer", "the application")));
		HttpResponse<String> answer = get(port);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("the application");
	}

	@Test
	void eachPartIsSubscribedOnceAndWrittenInOrder() throws Exception {
		AtomicInteger subscriptions = new AtomicInteger();
		int port = start((request, response) -> {
			Flux<Mono<DataBuffer>> parts = Flux.just("one ", "two").map(word -> Mono.fromSupplier(() -> {
				subscriptions.incrementAndGet();
				return text(response, word);
			}));
			return response.writeAndFlushWith(parts);
		});
		HttpResponse<String> answer = get(port);
		assertThat(answer.body()).isEqualTo("one two");
		assertThat(subscriptions).hasValue(2);
	}

	@Test
	void emptyPartsWriteNothingAndTheResponseStillEnds() throws Exception {
		int port = start((request, response) -> response.writeAndFlushWith(Flux.just(Mono.just(text(response, "")),
				Mono.just(text(response, "body")), Mono.just(text(response, "")))));
		HttpResponse<String> answer = get(port);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("body");
	}

	private int start(HttpHandler handler) {
		webServer = new WebservReactiveWebServerFactory(0).getWebServer(handler);
		webServer.start();
		return webServer.getPort();
	}

	private static DataBuffer text(ServerHttpResponse response, String text) {
		return response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static HttpResponse<String> get(int port) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
