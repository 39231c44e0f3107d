package dev.webserv.boot;

import dev.webserv.config.ServerConfig;

/**
 * Adjusts the core configuration before the server is created. Beans of this type are
 * called in {@link org.springframework.core.annotation.Order order}, after the builder
 * has been filled from {@code webserv.*} and the handler beans.
 *
 * <pre>
 * &#64;Bean
 * WebservServerCustomizer moreConnections() {
 *     return (builder, current) -&gt; builder.limits(current.limits().withMaxConnections(50_000));
 * }
 * </pre>
 */
@FunctionalInterface
public interface WebservServerCustomizer {

	/**
	 * @param builder the core builder, already holding the configured values; set or add
	 * anything
	 * @param current what the builder holds now, to read values from (records are
	 * replaced whole)
	 */
	void customize(ServerConfig.Builder builder, ServerConfig current);

}
