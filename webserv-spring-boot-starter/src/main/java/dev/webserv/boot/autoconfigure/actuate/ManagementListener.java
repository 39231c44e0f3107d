package dev.webserv.boot.autoconfigure.actuate;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import dev.webserv.boot.WebservServerCustomizer;
import dev.webserv.boot.WebservStartedEvent;
import dev.webserv.boot.autoconfigure.SslMapper;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Tls;
import dev.webserv.config.VirtualServer;

/**
 * Serves Actuator on {@code management.server.port} (and
 * {@code management.server.address}, every interface when unset) as a webserv server of
 * its own: a listener with only the endpoint routes, under
 * {@code management.server.base-path} plus {@code management.endpoints.web.base-path},
 * where operations see the MANAGEMENT server namespace; over HTTPS with
 * {@code management.server.ssl.*}, else with {@code server.ssl.*} when that is set, as
 * Boot's management servers do. Once started, the bound port is published as
 * {@code local.management.port}, as Boot does for its management servers.
 */
final class ManagementListener implements WebservServerCustomizer, ApplicationListener<WebservStartedEvent> {

	private final boolean separate;

	private final ManagementServerProperties properties;

	private final EndpointRoutes routes;

	private final String basePath;

	private final boolean links;

	private final ConfigurableApplicationContext context;

	private final SslMapper ssl;

	/** The name of the management server in the core's configuration. */
	static final String SERVER_NAME = "management";

	private boolean separateServer;

	/**
	 * @param separate whether management.server.port asks for a port of its own; when
	 * not, this does nothing
	 */
	ManagementListener(boolean separate, ManagementServerProperties properties, EndpointRoutes routes, String basePath,
			boolean links, ConfigurableApplicationContext context, SslMapper ssl) {
		this.separate = separate;
		this.ssl = ssl;
		this.properties = properties;
		this.routes = routes;
		this.basePath = basePath;
		this.links = links;
		this.context = context;
	}

	@Override
	public void customize(ServerConfig.Builder builder, ServerConfig current) {
		if (!separate) {
			return;
		}
		InetAddress host = properties.getAddress();
		int port = properties.getPort() != null ? properties.getPort() : 0;
		// port 0 gets a listener of its own in the core, even where another server asks
		// for host:0 too
		ListenAddress address = new ListenAddress(host != null ? host.getHostAddress() : null, port);
		Tls tls = ssl.management();
		if (tls != null) {
			address = address.withTls(tls);
		}
		separateServer = true;
		VirtualServer.Builder server = VirtualServer.builder().name(SERVER_NAME).listen(address);
		routes.routes(basePath, WebServerNamespace.MANAGEMENT, links).forEach(route -> server.route(route.toRoute()));
		builder.server(server.build());
	}

	@Override
	public void onApplicationEvent(WebservStartedEvent event) {
		if (!separateServer) {
			return;
		}
		List<Integer> bound = event.getWebServer().getWebserv().ports(SERVER_NAME);
		if (bound.isEmpty()) {
			return;
		}
		Map<String, Object> ports = new HashMap<>();
		ports.put("local.management.port", bound.get(0));
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		PropertySource<?> source = sources.get("server.ports");
		if (source instanceof MapPropertySource map) {
			map.getSource().putAll(ports);
		}
		else {
			sources.addFirst(new MapPropertySource("server.ports", ports));
		}
	}

}
