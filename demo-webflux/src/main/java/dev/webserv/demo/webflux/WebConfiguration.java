package dev.webserv.demo.webflux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Spring Security: HTTP Basic on {@code /admin/**} (user and password from
 * {@code spring.security.user.*}), everything else open. CORS: {@code /api/**} from the
 * origins in {@code demo.cors-origins}.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

	private final String[] corsOrigins;

	WebConfiguration(@org.springframework.beans.factory.annotation.Value("${demo.cors-origins}") String[] corsOrigins) {
		this.corsOrigins = corsOrigins;
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange(
					exchanges -> exchanges.pathMatchers("/admin/**").authenticated().anyExchange().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		registry.addMapping("/api/**").allowedOrigins(corsOrigins).allowedMethods("GET", "POST");
	}

}
