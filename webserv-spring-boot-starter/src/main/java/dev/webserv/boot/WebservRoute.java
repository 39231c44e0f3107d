package dev.webserv.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Mounts a bean that implements {@link dev.webserv.Handler} or {@link ResultHandler} on a
 * path template.
 *
 * <pre>
 * &#64;Component
 * &#64;WebservRoute(path = "/api/users/{id}", methods = "GET")
 * class UserHandler implements ResultHandler {
 *     public Object handle(Request request) {
 *         return Map.of("id", request.pathVariable("id"));
 *     }
 * }
 * </pre>
 *
 * Works on a {@code @Component} class and on a {@code @Bean} method. Two beans that map
 * the same method and template on one server fail start-up with a message naming both
 * beans.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebservRoute {

	/** The path template, e.g. "/api/users/{id}"; "{name}" matches one path segment. */
	String path();

	/** The HTTP methods answered; empty answers every method. GET also answers HEAD. */
	String[] methods() default {};

	/**
	 * Names of the servers ({@code webserv.servers[].name}) to mount on; empty mounts on
	 * every server. A server without a name is addressed by its index ("0", "1", ...).
	 */
	String[] servers() default {};

}
