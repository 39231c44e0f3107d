package dev.webserv.demo.webflux;

import java.security.Principal;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Behind HTTP Basic ({@link WebConfiguration}). */
@RestController
class AdminController {

	@GetMapping("/admin/whoami")
	Mono<Map<String, String>> whoami(Mono<Principal> principal) {
		return principal.map(user -> Map.of("user", user.getName()));
	}

}
