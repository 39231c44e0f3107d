package dev.webserv.boot.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;

/**
 * UP while webserv runs with every listener bound and open; OUT_OF_SERVICE while a
 * graceful shutdown drains; DOWN before it starts, once it has stopped, or when a
 * listener is not bound or has closed. The details name each listener with whether it is
 * open.
 */
public class WebservHealthIndicator extends AbstractHealthIndicator {

	private final Supplier<WebservWebServer> webServer;

	public WebservHealthIndicator(Supplier<WebservWebServer> webServer) {
		super("webserv health check failed");
		this.webServer = webServer;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Webserv webserv = webServer.get().getWebserv();
		Map<String, Boolean> listeners = webserv.listenerStates();
		int configured = ConfiguredListeners.of(webserv.config()).size();
		boolean allOpen = listeners.size() == configured && !listeners.containsValue(false);
		switch (webserv.state()) {
			case RUNNING -> {
				if (allOpen) {
					builder.up();
				}
				else {
					builder.down();
				}
			}
			case DRAINING -> builder.outOfService();
			default -> builder.down();
		}
		Map<String, String> shown = new LinkedHashMap<>();
		listeners.forEach((name, open) -> shown.put(name, open ? "open" : "closed"));
		builder.withDetail("state", webserv.state().name()).withDetail("listeners", shown);
	}

}
