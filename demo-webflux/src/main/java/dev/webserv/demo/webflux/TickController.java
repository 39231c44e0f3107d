package dev.webserv.demo.webflux;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Server-sent events: one tick per interval, each flushed to the client as it happens. A
 * client that goes away cancels its stream ({@link #cancelled()} counts them).
 */
@RestController
class TickController {

	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger cancelled = new AtomicInteger();

	@GetMapping(path = "/api/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> ticks(@RequestParam(defaultValue = "1000") long intervalMs,
			@RequestParam(defaultValue = "1000000") long count) {
		return Flux.interval(Duration.ZERO, Duration.ofMillis(intervalMs))
			.take(count)
			.map(tick -> ServerSentEvent.builder("tick " + tick).id(String.valueOf(tick)).event("tick").build())
			.doOnSubscribe(subscription -> active.incrementAndGet())
			.doFinally(signal -> active.decrementAndGet())
			.doOnCancel(cancelled::incrementAndGet);
	}

	/** Streams running now. */
	int active() {
		return active.get();
	}

	/** Streams ended by their client going away. */
	int cancelled() {
		return cancelled.get();
	}

}
