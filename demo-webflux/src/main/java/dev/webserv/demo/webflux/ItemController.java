package dev.webserv.demo.webflux;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** JSON from a Mono and a Flux, a path variable, and a validated request body. */
@RestController
@RequestMapping("/api")
class ItemController {

	private final Map<Long, Item> items = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	ItemController() {
		for (String name : List.of("kettle", "teapot", "cup")) {
			long id = ids.incrementAndGet();
			items.put(id, new Item(id, name, 3));
		}
	}

	@GetMapping("/hello")
	Mono<Map<String, String>> hello() {
		return Mono.just(Map.of("message", "Hello from WebFlux on webserv"));
	}

	@GetMapping("/items")
	Flux<Item> items() {
		return Flux.fromIterable(items.values()).sort((a, b) -> Long.compare(a.id(), b.id()));
	}

	@GetMapping("/items/{id}")
	Mono<Item> item(@PathVariable long id) {
		Item item = items.get(id);
		return item != null ? Mono.just(item)
				: Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no item " + id));
	}

	@PostMapping("/items")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Item> create(@Valid @RequestBody Mono<NewItem> item) {
		return item.map(created -> {
			long id = ids.incrementAndGet();
			Item stored = new Item(id, created.name(), created.stock());
			items.put(id, stored);
			return stored;
		});
	}

	record Item(long id, String name, int stock) {
	}

	record NewItem(@NotBlank String name, @PositiveOrZero int stock) {
	}

}
