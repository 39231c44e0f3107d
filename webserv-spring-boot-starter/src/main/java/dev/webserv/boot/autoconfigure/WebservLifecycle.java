package dev.webserv.boot.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import dev.webserv.boot.WebservStartedEvent;
import dev.webserv.boot.WebservWebServer;

/**
 * Starts webserv once the context is refreshed and stops it before beans are destroyed,
 * in the phase Boot uses for its own web servers (graceful shutdown runs in the phase
 * above, through Boot's {@code WebServerGracefulShutdownLifecycle}). On start it
 * publishes the bound ports into the Environment and a {@link WebservStartedEvent}.
 *
 * <p>
 * Ports published (in the property source "server.ports", as Boot does):
 * {@code local.webserv.port} (the first listener),
 * {@code local.webserv.servers.<name>.port} and
 * {@code local.webserv.servers.<name>.ports} (comma-separated, in listen order), and
 * {@code local.server.port} unless another web server owns it.
 */
public final class WebservLifecycle implements SmartLifecycle {

	private final WebservWebServer webServer;

	private final ConfigurableApplicationContext context;

	private final boolean autoStartup;

	private volatile boolean running;

	public WebservLifecycle(WebservWebServer webServer, ConfigurableApplicationContext context) {
		this(webServer, context, true);
	}

	/**
	 * @param autoStartup false to leave the server unstarted with the context (as in a
	 * {@code @SpringBootTest(webEnvironment = NONE)})
	 */
	public WebservLifecycle(WebservWebServer webServer, ConfigurableApplicationContext context, boolean autoStartup) {
		this.webServer = webServer;
		this.context = context;
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return autoStartup;
	}

	@Override
	public void start() {
		webServer.start();
		running = true;
		started(webServer, context);
	}

	/**
	 * Publishes the bound ports and a {@link WebservStartedEvent}: here, and for WebFlux
	 * on webserv once Boot started the reactive server.
	 */
	static void started(WebservWebServer webServer, ConfigurableApplicationContext context) {
		publishPorts(webServer, context);
		context.publishEvent(new WebservStartedEvent(webServer));
	}

	private static void publishPorts(WebservWebServer webServer, ConfigurableApplicationContext context) {
		Map<String, Object> ports = new HashMap<>();
		ports.put("local.webserv.port", webServer.getPort());
		webServer.getServerPorts().forEach((name, bound) -> {
			if (!bound.isEmpty()) {
				ports.put("local.webserv.servers." + name + ".port", bound.get(0));
				ports.put("local.webserv.servers." + name + ".ports",
						bound.stream().map(String::valueOf).collect(Collectors.joining(",")));
			}
		});
		if (!(context instanceof WebServerApplicationContext)) {
			ports.put("local.server.port", webServer.getPort());
		}
		ApplicationContext target = context;
		while (target instanceof ConfigurableApplicationContext configurable) {
			put(configurable.getEnvironment(), ports);
			target = target.getParent();
		}
	}

	@SuppressWarnings("unchecked")
	private static void put(ConfigurableEnvironment environment, Map<String, Object> ports) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get("server.ports");
		if (source == null) {
			source = new MapPropertySource("server.ports", new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).putAll(ports);
	}

	@Override
	public void stop() {
		running = false;
		webServer.stop();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE;
	}

}
