package dev.webserv.boot.autoconfigure;

import java.util.List;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.core.env.Environment;

/**
 * Boot's {@code server.forward-headers-strategy} on webserv's trusted proxies. NATIVE
 * (set, or chosen by Boot itself on a cloud platform such as Kubernetes) has webserv
 * believe X-Forwarded-* and Forwarded from {@code webserv.trusted-proxies}, or, when that
 * is empty, from Boot's default internal proxies (the private, loopback and link-local
 * blocks of Tomcat's {@code remoteip.internal-proxies}). FRAMEWORK leaves the headers to
 * Spring's own filter or transformer, NONE to no one: webserv believes none, and a
 * {@code webserv.trusted-proxies} beside either contradicts it and fails start-up.
 */
final class ForwardHeaders {

	/** Tomcat's default internal proxies (what NATIVE trusts under Tomcat), as blocks. */
	static final List<String> BOOT_INTERNAL_PROXIES = List.of("10.0.0.0/8", "192.168.0.0/16", "169.254.0.0/16",
			"127.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "::1/128", "fe80::/10", "fc00::/7");

	private static final String STRATEGY = "server.forward-headers-strategy";

	private ForwardHeaders() {
	}

	/**
	 * The trusted proxies webserv uses.
	 * @param configured {@code webserv.trusted-proxies}, already checked
	 */
	static List<String> trustedProxies(Environment environment, List<String> configured) {
		ForwardHeadersStrategy strategy = Binder.get(environment)
			.bind(STRATEGY, ForwardHeadersStrategy.class)
			.orElse(null);
		if (strategy == null) {
			CloudPlatform platform = CloudPlatform.getActive(environment);
			boolean deduced = platform != null && platform.isUsingForwardHeaders();
			return deduced && configured.isEmpty() ? BOOT_INTERNAL_PROXIES : configured;
		}
		if (strategy == ForwardHeadersStrategy.NATIVE) {
			return configured.isEmpty() ? BOOT_INTERNAL_PROXIES : configured;
		}
		if (!configured.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("webserv.trusted-proxies",
					String.join(",", configured),
					STRATEGY + " is " + strategy + ", which has webserv believe no forwarded header"
							+ (strategy == ForwardHeadersStrategy.FRAMEWORK ? " (Spring resolves them)" : "")
							+ ": remove one of the two, or set " + STRATEGY + "=native");
		}
		return List.of();
	}

}
