package dev.webserv.demo.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application on webserv: Reactor Netty is excluded from
 * {@code spring-boot-starter-webflux} and {@code webserv-spring-boot-starter} added,
 * nothing else changes. Controllers ({@link ItemController}), server-sent events
 * ({@link TickController}), uploads ({@link UploadController}), a functional route
 * ({@link FunctionalRoutes}), Spring Security and CORS ({@link WebConfiguration}), and
 * Actuator through WebFlux; webserv serves {@code /docs/} itself from a location.
 */
@SpringBootApplication
public class DemoWebfluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoWebfluxApplication.class, args);
	}

}
